import CKernels

/// Keeps memory that the engine frees for reuse instead of handing it back to the kernel.
///
/// A training step frees and re-allocates the same large buffers (layer outputs, gradients)
/// every step. With glibc's defaults, blocks above a threshold that starts at 128 KiB are
/// mmapped and unmapped on each free, and a thread other than the main one allocates from heaps
/// that are trimmed back to the kernel, so each step faulted its pages in again and each unmap
/// interrupted the other core. This fixes the thresholds (mmap 32 MiB, trim 256 MiB): an n-back
/// training run (200 steps) 0.433 → 0.419 s, 9.3k → 6.9k page faults.
///
/// Process-wide (glibc's `mallopt`), so it is the program's call: `wm` makes it at start; an
/// application that trains in a loop can too. Up to 256 MiB of freed memory stays mapped.
/// - Returns: whether glibc took both settings.
@discardableResult
public func keepFreedMemoryForReuse() -> Bool { ck_keep_freed_memory() == 1 }
