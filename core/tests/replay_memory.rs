//! The in-process replay memory's size, measured with a counting allocator:
//! the bound SECURITY.md states for `Replay::default()`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use paysign::replay::{MemoryReplayCache, DEFAULT_CAPACITY};

struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = LIVE.fetch_add(layout.size(), Ordering::SeqCst) + layout.size();
        PEAK.fetch_max(now, Ordering::SeqCst);
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::SeqCst);
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static A: Counting = Counting;

/// What SECURITY.md states: at most this many bytes per entry, so
/// `Replay::default()` holds at most DEFAULT_CAPACITY × this.
const STATED_BYTES_PER_ENTRY: usize = 160;

#[test]
fn a_full_default_memory_stays_under_the_stated_bound() {
    let before = LIVE.load(Ordering::SeqCst);
    PEAK.store(before, Ordering::SeqCst);
    let cache = MemoryReplayCache::new(DEFAULT_CAPACITY);
    for i in 0..DEFAULT_CAPACITY as u64 {
        let mut key = [0u8; 32];
        key[..8].copy_from_slice(&i.wrapping_mul(0x9E37_79B9_7F4A_7C15).to_le_bytes());
        // expiries spread over a window, as real traffic gives
        assert!(cache.remember(&key, 0, 1 + (i % 600) as i64).unwrap());
    }
    assert_eq!(cache.len(), DEFAULT_CAPACITY);
    let held = LIVE.load(Ordering::SeqCst) - before;
    let peak = PEAK.load(Ordering::SeqCst) - before;
    assert!(
        peak <= DEFAULT_CAPACITY * STATED_BYTES_PER_ENTRY,
        "peak {peak} bytes"
    );
    // full of live entries: the next is refused, nothing grows
    let code = cache
        .remember(&[0xff; 32], 0, 10)
        .unwrap_err()
        .rejection()
        .unwrap()
        .code();
    assert_eq!(code, "replay_store_unavailable");
    assert_eq!(cache.len(), DEFAULT_CAPACITY);
    assert!(LIVE.load(Ordering::SeqCst) - before <= held);
    // the default memory's stated bound: 12 MiB
    assert!(peak <= 12 << 20, "peak {peak} bytes");
    println!(
        "replay memory: {} entries hold {held} bytes ({} per entry), peak {peak} bytes ({} per entry)",
        DEFAULT_CAPACITY,
        held / DEFAULT_CAPACITY,
        peak / DEFAULT_CAPACITY
    );
}
