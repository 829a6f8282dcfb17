package dev.canirundocker.daemon;

/**
 * The daemon's socket exists but this user may not connect to it (EACCES on a unix socket, whose
 * connect(2) needs write permission on the socket file; moby creates it root:docker 0660).
 */
public class DaemonPermissionDeniedException extends DaemonException {
  private static final long serialVersionUID = 1L;

  /**
   * The fixes Docker's post-install guide gives (docker/docs
   * content/manuals/engine/install/linux-postinstall.md, and rootless.md).
   */
  public static final String REMEDIATION =
      "Add your user to the 'docker' group (sudo usermod -aG"
          + " docker $USER, then log in again; membership grants root-equivalent access), run with"
          + " sudo, or use rootless Docker (dockerd-rootless-setuptool.sh install) and set DOCKER_HOST"
          + " to unix://$XDG_RUNTIME_DIR/docker.sock.";

  public DaemonPermissionDeniedException(String message, Throwable cause) {
    super("permission-denied", message, REMEDIATION, cause);
  }
}
