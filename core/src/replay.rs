//! Replay protection: remembering, for the length of the window, each
//! credential a verifier accepted, so that the same credential is accepted once.
//!
//! A verifier never remembers the raw header text (two spellings of one
//! credential would be two entries): it remembers [`credential_key`], a hash
//! of the decoded credential. The memory is either in this process
//! ([`MemoryReplayCache`], bounded) or shared by a fleet ([`ReplayStore`],
//! e.g. Redis with `SET key 1 NX PX ttl`, shipped by the Python and Node
//! packages).

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex};

use sha2::{Digest as _, Sha256};

use crate::error::{Rejection, Result};

/// The entries a [`MemoryReplayCache`] holds by default. Measured
/// (`core/tests/replay_memory.rs`, a counting allocator): 116 bytes per entry
/// when full — a 32-byte hash and its expiry in a hash map and an ordered
/// set — so the default memory stays under 12 MiB, whatever the traffic.
pub const DEFAULT_CAPACITY: usize = 100_000;

/// A replay memory shared across processes: "remember this key for
/// `ttl_seconds` unless already present", atomically.
pub trait ReplayStore: Send + Sync {
    /// `Ok(true)` when `key` was not present and is now remembered, `Ok(false)`
    /// when it was already present (a replay), `Err(why)` when the store
    /// cannot answer (the verifier then fails closed).
    fn remember(&self, key: &str, ttl_seconds: u64) -> std::result::Result<bool, String>;
}

/// Where a verifier remembers what it accepted.
#[derive(Clone)]
pub enum Replay {
    /// No replay protection (tests, or a caller that has its own).
    Off,
    /// In this process, bounded.
    Memory(Arc<MemoryReplayCache>),
    /// Shared through a store.
    Store(Arc<dyn ReplayStore>),
}

impl Default for Replay {
    /// An in-process memory of [`DEFAULT_CAPACITY`] entries.
    fn default() -> Self {
        Replay::Memory(Arc::new(MemoryReplayCache::new(DEFAULT_CAPACITY)))
    }
}

impl std::fmt::Debug for Replay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Replay::Off => f.write_str("Replay::Off"),
            Replay::Memory(m) => write!(f, "Replay::Memory(capacity {})", m.capacity()),
            Replay::Store(_) => f.write_str("Replay::Store(..)"),
        }
    }
}

impl Replay {
    /// Remembers `key` while its credential can still be accepted: through
    /// Unix second `last_valid` (signed time + window), forgotten after. A
    /// replay or an unusable memory is the rejection.
    /// `key` is computed only when there is a memory to check it against.
    pub(crate) fn check(
        &self,
        key: impl FnOnce() -> [u8; 32],
        now: i64,
        last_valid: i64,
    ) -> Result<()> {
        let ttl = u64::try_from(last_valid.saturating_add(1).saturating_sub(now))
            .unwrap_or(0)
            .max(1);
        let fresh = match self {
            Replay::Off => return Ok(()),
            Replay::Memory(m) => m.remember(&key(), now, now.saturating_add(ttl as i64))?,
            Replay::Store(store) => store
                .remember(&store_key(&key()), ttl)
                .map_err(|why| Rejection::ReplayStoreUnavailable(crate::validate::visible(&why)))?,
        };
        if fresh {
            Ok(())
        } else {
            Err(Rejection::Replayed.into())
        }
    }
}

/// The key a verifier remembers for a credential: SHA-256 over the scheme's
/// name and the credential's decoded parts, each length-prefixed.
///
/// ```
/// let a = paysign::replay::credential_key("xpay", &[b"K", b"1455716783", &[0u8; 32]]);
/// let b = paysign::replay::credential_key("xpay", &[b"K1", b"455716783", &[0u8; 32]]);
/// assert_ne!(a, b);
/// ```
pub fn credential_key(scheme: &str, parts: &[&[u8]]) -> [u8; 32] {
    let mut h = Sha256::new();
    for part in std::iter::once(scheme.as_bytes()).chain(parts.iter().copied()) {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part);
    }
    h.finalize().into()
}

/// The text under which a [`ReplayStore`] keeps a credential key.
pub fn store_key(key: &[u8; 32]) -> String {
    format!("paysign:replay:{}", hex::encode(key))
}

/// An in-process replay memory with a fixed capacity. Expired entries are
/// dropped first; when every entry is still live and the memory is full, a new
/// credential is refused with `replay_store_unavailable` (failing closed: evicting a
/// live entry would let its credential be replayed).
pub struct MemoryReplayCache {
    capacity: usize,
    inner: Mutex<Entries>,
}

#[derive(Default)]
struct Entries {
    expiry: HashMap<[u8; 32], i64>,
    by_expiry: BTreeSet<(i64, [u8; 32])>,
}

impl MemoryReplayCache {
    /// A memory for at most `capacity` live credentials (at least 1).
    pub fn new(capacity: usize) -> Self {
        MemoryReplayCache {
            capacity: capacity.max(1),
            inner: Mutex::new(Entries::default()),
        }
    }

    /// The most entries it holds.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// The live entries it holds now.
    pub fn len(&self) -> usize {
        self.lock().expiry.len()
    }

    /// Whether it holds nothing.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Entries> {
        // A panic elsewhere cannot leave the two indexes inconsistent (each
        // update below completes before the lock is released), so recover.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// `Ok(true)` when new (now remembered until `expires_at`), `Ok(false)` when live already.
    pub fn remember(&self, key: &[u8; 32], now: i64, expires_at: i64) -> Result<bool> {
        let mut e = self.lock();
        while let Some(&(at, k)) = e.by_expiry.first() {
            if at > now {
                break;
            }
            e.by_expiry.pop_first();
            e.expiry.remove(&k);
        }
        if e.expiry.contains_key(key) {
            return Ok(false);
        }
        if e.expiry.len() >= self.capacity {
            return Err(Rejection::ReplayStoreUnavailable(format!(
                "the in-process replay memory holds {} live credentials, its capacity",
                self.capacity
            ))
            .into());
        }
        e.expiry.insert(*key, expires_at);
        e.by_expiry.insert((expires_at, *key));
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_until_expiry_then_forgets() {
        let m = MemoryReplayCache::new(2);
        let k = [1u8; 32];
        assert!(m.remember(&k, 100, 200).unwrap());
        assert!(!m.remember(&k, 150, 250).unwrap());
        assert!(m.remember(&k, 200, 300).unwrap());
    }

    #[test]
    fn remembered_through_the_last_second_the_window_accepts() {
        let r = Replay::Memory(Arc::new(MemoryReplayCache::new(4)));
        let k = [7u8; 32];
        r.check(|| k, 100, 400).unwrap();
        let again = r.check(|| k, 400, 400).unwrap_err();
        assert_eq!(again.rejection().unwrap().code(), "replayed");
        r.check(|| k, 401, 700).unwrap();
    }

    #[test]
    fn full_of_live_entries_fails_closed() {
        let m = MemoryReplayCache::new(2);
        assert!(m.remember(&[1; 32], 0, 100).unwrap());
        assert!(m.remember(&[2; 32], 0, 100).unwrap());
        let err = m.remember(&[3; 32], 1, 100).unwrap_err();
        assert_eq!(err.rejection().unwrap().code(), "replay_store_unavailable");
        // a replay of a live entry is still a replay, not "full"
        assert!(!m.remember(&[1; 32], 1, 100).unwrap());
        // once they expire there is room again
        assert!(m.remember(&[3; 32], 100, 200).unwrap());
        assert_eq!(m.len(), 1);
    }
}
