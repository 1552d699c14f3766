//! Records sent between workers as one run of little-endian bytes each
//! (`#[serde(with = "flat")]`), not field by field: postcard writes each
//! number as a varint, a call at a time, and half a million records took
//! most of the time of sending a part.

use serde::de::Error;
use serde::{Deserialize, Deserializer, Serializer};

/// A record of a fixed size.
pub trait Flat: Sized {
    const SIZE: usize;
    fn write(&self, out: &mut Vec<u8>);
    /// `None` for bytes that are no such record.
    fn read(bytes: &[u8]) -> Option<Self>;
}

pub fn serialize<T: Flat, S: Serializer>(records: &[T], serializer: S) -> Result<S::Ok, S::Error> {
    let mut out = Vec::with_capacity(records.len() * T::SIZE);
    for record in records {
        record.write(&mut out);
    }
    serializer.serialize_bytes(&out)
}

pub fn deserialize<'de, T: Flat, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<T>, D::Error> {
    let bytes = <&[u8]>::deserialize(deserializer)?;
    if bytes.len() % T::SIZE != 0 {
        return Err(D::Error::custom("records cut short"));
    }
    bytes
        .chunks_exact(T::SIZE)
        .map(T::read)
        .collect::<Option<Vec<T>>>()
        .ok_or_else(|| D::Error::custom("no such record"))
}

/// Bytes as they are (`#[serde(with = "flat::bytes")]`).
pub mod bytes {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(bytes)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
        <&[u8]>::deserialize(deserializer).map(<[u8]>::to_vec)
    }
}

/// The number at `at`.
pub fn u64_at(bytes: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8 bytes"))
}

/// The number at `at`, if it is one of this machine's sizes.
pub fn usize_at(bytes: &[u8], at: usize) -> Option<usize> {
    usize::try_from(u64_at(bytes, at)).ok()
}

/// A key and its place.
impl Flat for (u64, usize) {
    const SIZE: usize = 16;
    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.0.to_le_bytes());
        out.extend_from_slice(&(self.1 as u64).to_le_bytes());
    }
    fn read(bytes: &[u8]) -> Option<(u64, usize)> {
        Some((u64_at(bytes, 0), usize_at(bytes, 8)?))
    }
}

/// A line number, or none (`u64::MAX`, which no line is).
impl Flat for Option<u64> {
    const SIZE: usize = 8;
    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.unwrap_or(u64::MAX).to_le_bytes());
    }
    fn read(bytes: &[u8]) -> Option<Option<u64>> {
        Some(Some(u64_at(bytes, 0)).filter(|&line| line != u64::MAX))
    }
}

impl Flat for u32 {
    const SIZE: usize = 4;
    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_le_bytes());
    }
    fn read(bytes: &[u8]) -> Option<u32> {
        Some(u32::from_le_bytes(bytes.try_into().ok()?))
    }
}
