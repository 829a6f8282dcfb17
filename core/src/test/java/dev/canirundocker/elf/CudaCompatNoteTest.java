package dev.canirundocker.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.canirundocker.testing.CudaLibs;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The values of nvidia-container-toolkit's cuda-elf-header_test.go (575.57.08 -> 12.9, 590.44.01 ->
 * 13.1, with their driver branches), read from ELF files of the same layout.
 */
class CudaCompatNoteTest {
  @Test
  void noteInASectionAsNvidiasTestLibrary() {
    assertEquals(
        Optional.of(
            new CudaCompatNote(
                1,
                "12.9",
                List.of(535, 550, 560, 565, 570, 575),
                List.of(1, 2, 7, 8, 9, 10, 11, 12, 13, 14))),
        CudaCompatNote.read("libcuda.so.575.57.08", CudaLibs.withSection(CudaLibs.NOTE_575)));
    assertEquals(
        "13.1",
        CudaCompatNote.read("libcuda.so.590.44.01", CudaLibs.withSection(CudaLibs.NOTE_590))
            .orElseThrow()
            .cudaVersion());
  }

  @Test
  void noteThroughPtNoteWhenTheSectionHeadersAreBeyondTheHead() {
    assertEquals(
        List.of(535, 550, 570, 575, 580, 590),
        CudaCompatNote.read("head", CudaLibs.withSegment(CudaLibs.NOTE_590))
            .orElseThrow()
            .driverBranches());
  }

  @Test
  void keysMatchCaseInsensitivelyAsGoDecodesThem() {
    // orin-13.2.1 in NVIDIA's test data has only a format and a CUDA version
    assertEquals(
        new CudaCompatNote(1, "13.2", List.of(), List.of()),
        CudaCompatNote.read(
                "orin", CudaLibs.withSection("{\"Format\":1,\"cuda VERSION\":\"13.2\"}"))
            .orElseThrow());
  }

  @Test
  void invalidJsonNamesTheFile() {
    ElfException x =
        assertThrows(
            ElfException.class,
            () ->
                CudaCompatNote.read(
                    "libcuda.invalid.json.so.99.88", CudaLibs.withSection("{\"format\":1,")));
    assertEquals(
        "libcuda.invalid.json.so.99.88: .note.cuda.fwd_compatibility is not JSON: "
            + "unexpected end of input at offset 12",
        x.getMessage());
  }

  @Test
  void otherFilesHaveNoNote() {
    assertEquals(
        Optional.empty(),
        CudaCompatNote.read(
            "x", new TestElf(true, false, 62).interp("/lib64/ld-linux-x86-64.so.2").build()));
    assertEquals(
        "x: not an ELF file",
        assertThrows(
                ElfException.class,
                () -> CudaCompatNote.read("x", "#!/bin/sh\n".repeat(10).getBytes()))
            .getMessage());
  }
}
