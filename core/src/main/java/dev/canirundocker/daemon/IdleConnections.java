package dev.canirundocker.daemon;

import java.io.IOException;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The kept-alive connections a client may send its next small request on: most recent first, at
 * most {@link #MAX_IDLE}, closed together when the client closes.
 */
final class IdleConnections {
  static final int MAX_IDLE = 8;

  private final ConcurrentLinkedDeque<DaemonConnection> idle = new ConcurrentLinkedDeque<>();

  /** The most recently returned connection, or null when none is idle. */
  DaemonConnection take() {
    return idle.pollFirst();
  }

  /** Keeps a connection for reuse; false (and not kept) when the pool is full. */
  boolean offer(DaemonConnection c) {
    if (idle.size() >= MAX_IDLE) {
      return false;
    }
    c.deadlineNanos = 0;
    idle.offerFirst(c);
    return true;
  }

  /** Closes every idle connection. */
  void closeAll() {
    DaemonConnection c;
    while ((c = idle.pollFirst()) != null) {
      try {
        c.close();
      } catch (IOException e) {
        // closing: nothing to report
      }
    }
  }
}
