package dev.canirundocker.host.linux;

import dev.canirundocker.host.BinfmtEntry;
import dev.canirundocker.host.LinuxInfo.BinfmtInfo;
import dev.canirundocker.host.Unknown;
import dev.canirundocker.platform.ElfMachine;
import dev.canirundocker.platform.Platform;
import dev.canirundocker.text.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * binfmt_misc: the pure parser for handler files ({@code /proc/sys/fs/binfmt_misc/<name>}).
 *
 * <p>The format is what fs/binfmt_misc.c {@code entry_status} writes: a first line {@code enabled}
 * or {@code disabled}; then, when the entry has an interpreter, {@code interpreter PATH}, {@code
 * flags: } followed by the letters P, O, C, F in that order, and either {@code extension .EXT}
 * (type E) or {@code offset N}, {@code magic HEX} and optionally {@code mask HEX} (type M). See
 * also linux Documentation/admin-guide/binfmt-misc.rst.
 */
public final class Binfmt {
  /** Files in the binfmt_misc directory that are controls, not handlers. */
  public static final List<String> CONTROL_FILES = List.of("register", "status");

  private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]*");

  private Binfmt() {}

  /**
   * Parses one handler file and sets its {@link BinfmtEntry#platform()} to the platform whose
   * canonical ELF header it matches (see {@link #platformOf(BinfmtEntry)}). Unknown flag letters
   * are kept as written; unknown lines are ignored, so a newer kernel's additions do not break
   * reading.
   *
   * @param name the file name ({@code qemu-aarch64})
   * @param lines the file's lines
   * @throws LinuxReadException naming the entry and the line when the content is not a handler
   */
  public static @Nullable BinfmtEntry parseBinfmtEntry(String name, List<String> lines)
      throws LinuxReadException {
    String where = "binfmt_misc entry '" + name + "'";
    int n = 0;
    Boolean enabled = null;
    String interpreter = null;
    String flags = "";
    int offset = 0;
    String magic = null;
    String mask = null;
    String extension = null;
    for (String raw : lines) {
      n++;
      String line = raw.strip();
      if (line.isEmpty()) {
        continue;
      }
      if (enabled == null) {
        if (line.equals("enabled") || line.equals("disabled")) {
          enabled = line.equals("enabled");
          continue;
        }
        throw new LinuxReadException(
            where
                + " line "
                + n
                + ": expected 'enabled' or 'disabled', got '"
                + Text.quote(line)
                + "'");
      }
      String key = line;
      String value = "";
      int sp = line.indexOf(' ');
      if (sp > 0) {
        key = line.substring(0, sp);
        value = line.substring(sp + 1).strip();
      }
      switch (key) {
        case "interpreter":
          interpreter = value;
          break;
        case "flags:":
          flags = value;
          break;
        case "offset":
          try {
            offset = Integer.parseInt(value);
          } catch (NumberFormatException e) {
            throw new LinuxReadException(
                where + " line " + n + ": offset '" + Text.quote(value) + "' is not a number");
          }
          if (offset < 0 || offset >= BinfmtEntry.BINPRM_BUF_SIZE) {
            throw new LinuxReadException(
                where
                    + " line "
                    + n
                    + ": offset "
                    + offset
                    + " is outside 0.."
                    + (BinfmtEntry.BINPRM_BUF_SIZE - 1));
          }
          break;
        case "magic":
          magic = hex(value, "magic", where, n);
          break;
        case "mask":
          mask = hex(value, "mask", where, n);
          break;
        case "extension":
          extension = value;
          break;
        default:
          break; // a line a newer kernel may add
      }
    }
    if (enabled == null) {
      throw new LinuxReadException(where + ": empty");
    }
    BinfmtEntry e =
        new BinfmtEntry(name, enabled, interpreter, flags, offset, magic, mask, extension, null);
    Platform p = platformOf(e);
    return p == null
        ? e
        : new BinfmtEntry(name, enabled, interpreter, flags, offset, magic, mask, extension, p);
  }

  /**
   * The platform whose canonical ELF executable header ({@link ElfMachine#header()}, zero past it
   * as in the kernel's buffer) the entry's magic and mask accept ({@link
   * BinfmtEntry#magicMatches}), whether or not the entry is enabled; null for extension entries,
   * entries for architectures the tool does not know (qemu-armeb, qemu-sparc), and entries that
   * accept several architectures (a generic ELF handler). The platform is normalized, so qemu's arm
   * entry gives {@code linux/arm/v7} (containerd's default arm variant).
   */
  public static @Nullable Platform platformOf(BinfmtEntry e) {
    if (e.magic() == null) {
      return null;
    }
    Platform found = null;
    // the magic and mask decoded once for every machine's header, not once per comparison
    BinfmtEntry.Magic magic = e.decodedMagic();
    if (magic == null) {
      return null;
    }
    for (ElfMachine m : ElfMachine.ALL) {
      if (magic.matches(m.header())) {
        if (found != null) {
          return null;
        }
        Platform p = m.platform();
        found = Platform.of(p.os(), p.architecture(), p.variant());
      }
    }
    return found;
  }

  private static String hex(String value, String what, String where, int n)
      throws LinuxReadException {
    // Odd lengths are kept (BinfmtEntry.matches then never matches); only non-hex text is garbage.
    if (!HEX.matcher(value).matches()) {
      throw new LinuxReadException(
          where + " line " + n + ": " + what + " '" + Text.quote(value) + "' is not hex");
    }
    return value.toLowerCase(Locale.ROOT);
  }

  /**
   * Reads {@code /proc/sys/fs/binfmt_misc}: not mounted (no {@code status} and no mount there), or
   * the global switch and every handler. One unreadable handler is an unknown; the others stay.
   *
   * @param mounts the mount table, or null where unreadable
   * @return the state, or null (with an unknown) where the directory could not be read
   */
  static @Nullable BinfmtInfo read(
      LinuxRoot root, @Nullable List<MountInfo> mounts, List<Unknown> unknowns) {
    String dir = "/proc/sys/fs/binfmt_misc";
    boolean mountedPerTable = false;
    if (mounts != null) {
      for (MountInfo m : mounts) {
        mountedPerTable |= m.fsType().equals("binfmt_misc") && m.mountPoint().equals(dir);
      }
    }
    Boolean enabled = null;
    try {
      // "status" exists whenever binfmt_misc is mounted; it reads "enabled" or "disabled"
      String s = ProcFiles.readTextOrNull(root.path(dir + "/status"), dir + "/status");
      if (s == null && !mountedPerTable) {
        return new BinfmtInfo(false, null, List.of());
      }
      if (s != null) {
        String v = s.strip();
        if (!v.equals("enabled") && !v.equals("disabled")) {
          throw new LinuxReadException(
              dir + "/status: '" + Text.quote(v) + "' is not enabled or disabled");
        }
        enabled = v.equals("enabled");
      }
      List<String> names = ProcFiles.listOrNull(root.path(dir), dir);
      if (names == null) {
        throw new LinuxReadException(dir + ": not found");
      }
      List<BinfmtEntry> entries = new ArrayList<>();
      for (String name : names) {
        if (CONTROL_FILES.contains(name)) {
          continue;
        }
        String f = dir + "/" + name;
        try {
          List<String> lines = ProcFiles.readLinesOrNull(root.path(f), f);
          if (lines != null) { // unregistered between listing and reading
            entries.add(parseBinfmtEntry(name, lines));
          }
        } catch (LinuxReadException x) {
          unknowns.add(new Unknown("linux.binfmt.entries", Text.message(x)));
        }
      }
      return new BinfmtInfo(true, enabled, entries);
    } catch (LinuxReadException x) {
      unknowns.add(new Unknown("linux.binfmt", Text.message(x)));
      return null;
    }
  }
}
