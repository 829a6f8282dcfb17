import dev.canirundocker.CanIRunDocker;
import dev.canirundocker.check.Evaluation;
import dev.canirundocker.check.Finding;
import dev.canirundocker.check.Verdict;
import dev.canirundocker.host.HostProfile;
import dev.canirundocker.host.LiveHostProbe;
import dev.canirundocker.host.ProbeOptions;
import dev.canirundocker.platform.Platform;

public class Example {
  public static void main(String[] args) {
    // Probe this machine once; the profile is immutable, cheap to judge again and again.
    HostProfile host = new LiveHostProbe(ProbeOptions.defaults()).probe();

    // Can it run the Docker engine natively? (null: the daemon is not asked)
    Verdict engine = CanIRunDocker.preflight(host, null).verdict();
    System.out.println("engine: " + engine);

    // Can it run images of these platforms, and if not, what would it take?
    for (String name : args) {
      Evaluation e = CanIRunDocker.platform(host, Platform.parse(name));
      System.out.println(name + ": " + e.verdict() + " (exit code " + e.verdict().exitCode() + ")");
      for (Finding f : e.findings()) {
        if (f.remediation() != null) {
          System.out.println("  " + f.id() + ": " + f.remediation());
        }
      }
    }
  }
}
