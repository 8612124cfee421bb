//! The body of a response whose `Retry-After` is a date: [`Body`](super::Body) plus the
//! time left as `retry_after_ms`, which `Body` alone cannot write (it never reads the clock;
//! the response that writes this passes the milliseconds in).

use serde::ser::{self, Impossible, Serialize, SerializeMap, Serializer};

use super::key;
use super::probe::StrKeyWith;

/// Serializes `body` (a map), adding `retry_after_ms: ms` at its end unless it wrote that key
/// itself.
pub(crate) struct WithRetryAfterMs<'a, B: ?Sized> {
    pub body: &'a B,
    pub ms: u64,
}

impl<B: Serialize + ?Sized> Serialize for WithRetryAfterMs<'_, B> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.body.serialize(AppendTo {
            serializer,
            ms: self.ms,
        })
    }
}

/// The serializer of [`WithRetryAfterMs`]: a body is a map, and anything else is refused.
struct AppendTo<S> {
    serializer: S,
    ms: u64,
}

fn not_a_map<E: ser::Error>() -> E {
    E::custom("an error body is a map")
}

macro_rules! refuse {
    ($($method:ident($($arg:ty),*) -> $ret:ty;)*) => {$(
        fn $method(self, $(_: $arg),*) -> Result<$ret, S::Error> {
            Err(not_a_map())
        }
    )*};
}

impl<S: Serializer> Serializer for AppendTo<S> {
    type Ok = S::Ok;
    type Error = S::Error;
    type SerializeSeq = Impossible<S::Ok, S::Error>;
    type SerializeTuple = Impossible<S::Ok, S::Error>;
    type SerializeTupleStruct = Impossible<S::Ok, S::Error>;
    type SerializeTupleVariant = Impossible<S::Ok, S::Error>;
    type SerializeMap = Appending<S::SerializeMap>;
    type SerializeStruct = Impossible<S::Ok, S::Error>;
    type SerializeStructVariant = Impossible<S::Ok, S::Error>;

    refuse! {
        serialize_bool(bool) -> S::Ok;
        serialize_i8(i8) -> S::Ok;
        serialize_i16(i16) -> S::Ok;
        serialize_i32(i32) -> S::Ok;
        serialize_i64(i64) -> S::Ok;
        serialize_u8(u8) -> S::Ok;
        serialize_u16(u16) -> S::Ok;
        serialize_u32(u32) -> S::Ok;
        serialize_u64(u64) -> S::Ok;
        serialize_f32(f32) -> S::Ok;
        serialize_f64(f64) -> S::Ok;
        serialize_char(char) -> S::Ok;
        serialize_str(&str) -> S::Ok;
        serialize_bytes(&[u8]) -> S::Ok;
        serialize_none() -> S::Ok;
        serialize_unit() -> S::Ok;
        serialize_unit_struct(&'static str) -> S::Ok;
        serialize_unit_variant(&'static str, u32, &'static str) -> S::Ok;
        serialize_seq(Option<usize>) -> Self::SerializeSeq;
        serialize_tuple(usize) -> Self::SerializeTuple;
        serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct;
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant;
        serialize_struct(&'static str, usize) -> Self::SerializeStruct;
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant;
    }

    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<S::Ok, S::Error> {
        Err(not_a_map())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: &T,
    ) -> Result<S::Ok, S::Error> {
        Err(not_a_map())
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<S::Ok, S::Error> {
        Err(not_a_map())
    }

    /// The length is left open: whether one key more is written is known only at the end.
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, S::Error> {
        Ok(Appending {
            map: self.serializer.serialize_map(None)?,
            ms: self.ms,
            written: false,
        })
    }
}

/// The body's map, watching for `retry_after_ms` as its keys go by.
struct Appending<M> {
    map: M,
    ms: u64,
    /// The body wrote `retry_after_ms` itself (a delay it holds, or a key a peer sent).
    written: bool,
}

impl<M: SerializeMap> Appending<M> {
    fn watch<K: Serialize + ?Sized>(&mut self, key: &K) {
        let is_retry_after_ms = |text: &str| text == key::RETRY_AFTER_MS;
        if let Ok(true) = key.serialize(StrKeyWith(&is_retry_after_ms)) {
            self.written = true;
        }
    }
}

impl<M: SerializeMap> SerializeMap for Appending<M> {
    type Ok = M::Ok;
    type Error = M::Error;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), M::Error> {
        self.watch(key);
        self.map.serialize_key(key)
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), M::Error> {
        self.map.serialize_value(value)
    }

    fn serialize_entry<K, V>(&mut self, key: &K, value: &V) -> Result<(), M::Error>
    where
        K: Serialize + ?Sized,
        V: Serialize + ?Sized,
    {
        self.watch(key);
        self.map.serialize_entry(key, value)
    }

    fn end(mut self) -> Result<M::Ok, M::Error> {
        if !self.written {
            self.map.serialize_entry(key::RETRY_AFTER_MS, &self.ms)?;
        }
        self.map.end()
    }
}
