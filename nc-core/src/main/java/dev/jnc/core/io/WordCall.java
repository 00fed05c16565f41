package dev.jnc.core.io;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * A C library function linked in {@link Libc#wordCall}'s one shape: up to six arguments as {@code
 * long}s ({@code int}s widen, pointers go as their segment's {@link MemorySegment#address()
 * address}), the missing ones 0, a {@code long} result and {@code errno} recorded in {@code state}.
 * A function that returns {@code int} leaves the upper half of the result undefined: cut it back
 * with an {@code (int)} cast.
 *
 * @param handle the downcall, of type {@code (MemorySegment, long × 6) -> long}
 */
public record WordCall(MethodHandle handle) {

  public long call(MemorySegment state, long a) {
    return call(state, a, 0, 0, 0, 0, 0);
  }

  public long call(MemorySegment state, long a, long b) {
    return call(state, a, b, 0, 0, 0, 0);
  }

  public long call(MemorySegment state, long a, long b, long c) {
    return call(state, a, b, c, 0, 0, 0);
  }

  public long call(MemorySegment state, long a, long b, long c, long d, long e) {
    return call(state, a, b, c, d, e, 0);
  }

  public long call(MemorySegment state, long a, long b, long c, long d, long e, long f) {
    try {
      return (long) handle.invokeExact(state, a, b, c, d, e, f);
    } catch (RuntimeException | Error failure) {
      throw failure;
    } catch (Throwable impossible) {
      // A downcall throws nothing checked; invokeExact only declares that it might.
      throw new IllegalStateException(impossible);
    }
  }
}
