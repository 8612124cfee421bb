//! The serializer that merges a `flatten` field's map or struct into the body being written.

use serde::ser::{self, Impossible, Serialize, SerializeMap, Serializer};

use super::probe::{Refused, StrKeyWith};
use crate::field_types::FieldValue;

/// The `flatten` fields of a variant written before the one being written, whose keys it
/// leaves out: `()` for none, `(&first, ())`, `(&first, (&second, ()))`, ...
pub trait EarlierFlatten {
    /// Whether one of them writes `key`.
    fn writes(&self, key: &str) -> bool;
}

impl EarlierFlatten for () {
    #[inline(always)]
    fn writes(&self, _: &str) -> bool {
        false
    }
}

impl<T: FieldValue + ?Sized, R: EarlierFlatten> EarlierFlatten for (&T, R) {
    fn writes(&self, key: &str) -> bool {
        self.0.__writes_key(key) || self.1.writes(key)
    }
}

/// The keys a `flatten` field leaves out: those the body writes itself (`keys`) and those an
/// earlier `flatten` field wrote.
#[derive(Clone, Copy)]
pub(crate) struct Skip<'a> {
    pub keys: &'a [&'a str],
    pub earlier: &'a dyn EarlierFlatten,
}

impl Skip<'_> {
    fn contains(&self, key: &str) -> bool {
        self.keys.contains(&key) || self.earlier.writes(key)
    }
}

/// Writes the entries of a map or struct into `map`, leaving out the keys in `skip` (the
/// keys the body already has). `None` and `()` write nothing.
pub(crate) struct FlattenInto<'a, M> {
    pub map: &'a mut M,
    pub skip: Skip<'a>,
}

fn not_a_map<E: ser::Error>() -> E {
    E::custom("a `flatten` field must serialize as a map or a struct")
}

macro_rules! reject {
    ($($method:ident($($arg:ty),*);)*) => {$(
        fn $method(self, $(_: $arg),*) -> Result<Self::Ok, Self::Error> {
            Err(not_a_map())
        }
    )*};
}

impl<'a, M: SerializeMap> Serializer for FlattenInto<'a, M> {
    type Ok = ();
    type Error = M::Error;
    type SerializeSeq = Impossible<(), M::Error>;
    type SerializeTuple = Impossible<(), M::Error>;
    type SerializeTupleStruct = Impossible<(), M::Error>;
    type SerializeTupleVariant = Impossible<(), M::Error>;
    type SerializeMap = FlattenMap<'a, M>;
    type SerializeStruct = Self;
    type SerializeStructVariant = Impossible<(), M::Error>;

    reject! {
        serialize_bool(bool);
        serialize_i8(i8);
        serialize_i16(i16);
        serialize_i32(i32);
        serialize_i64(i64);
        serialize_u8(u8);
        serialize_u16(u16);
        serialize_u32(u32);
        serialize_u64(u64);
        serialize_f32(f32);
        serialize_f64(f64);
        serialize_char(char);
        serialize_str(&str);
        serialize_bytes(&[u8]);
        serialize_unit_variant(&'static str, u32, &'static str);
    }

    fn serialize_none(self) -> Result<(), M::Error> {
        Ok(())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), M::Error> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), M::Error> {
        Ok(())
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<(), M::Error> {
        Ok(())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), M::Error> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), M::Error> {
        Err(not_a_map())
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, M::Error> {
        Err(not_a_map())
    }

    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, M::Error> {
        Err(not_a_map())
    }

    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, M::Error> {
        Err(not_a_map())
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, M::Error> {
        Err(not_a_map())
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, M::Error> {
        Ok(FlattenMap {
            map: self.map,
            skip: self.skip,
            key: None,
        })
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, M::Error> {
        Ok(self)
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, M::Error> {
        Err(not_a_map())
    }
}

impl<M: SerializeMap> ser::SerializeStruct for FlattenInto<'_, M> {
    type Ok = ();
    type Error = M::Error;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), M::Error> {
        if self.skip.contains(key) {
            return Ok(());
        }
        self.map.serialize_entry(key, value)
    }

    fn end(self) -> Result<(), M::Error> {
        Ok(())
    }
}

/// A map that passes every entry on to `map` but those whose key is in `skip`: the map a
/// `flatten` field's map writes into, and the one a wrapped error's keys are written through
/// where the body already has some of them.
pub struct FlattenMap<'a, M> {
    map: &'a mut M,
    skip: Skip<'a>,
    /// The key of the entry under way, `None` when it is skipped.
    key: Option<String>,
}

impl<'a, M> FlattenMap<'a, M> {
    /// The map that writes into `map` every entry but those of `skip`.
    pub fn new(map: &'a mut M, skip: &'a [&'a str]) -> Self {
        FlattenMap {
            map,
            skip: Skip {
                keys: skip,
                earlier: &(),
            },
            key: None,
        }
    }
}

impl<M: SerializeMap> FlattenMap<'_, M> {
    /// A map key as the text JSON gives it.
    pub(crate) fn key_text<T: Serialize + ?Sized>(key: &T) -> Result<String, M::Error> {
        match serde_json::to_value(key) {
            Ok(serde_json::Value::String(text)) => Ok(text),
            Ok(serde_json::Value::Number(number)) => Ok(number.to_string()),
            Ok(serde_json::Value::Bool(value)) => Ok(value.to_string()),
            _ => Err(ser::Error::custom("a `flatten` map must have string keys")),
        }
    }
}

impl<M: SerializeMap> SerializeMap for FlattenMap<'_, M> {
    type Ok = ();
    type Error = M::Error;

    /// The path of every map that writes whole entries (`serde_json::Map`, `BTreeMap`,
    /// `HashMap`): a string key is checked in place and passed on as it is, with no copy.
    fn serialize_entry<K, V>(&mut self, key: &K, value: &V) -> Result<(), M::Error>
    where
        K: Serialize + ?Sized,
        V: Serialize + ?Sized,
    {
        let skip = self.skip;
        match key.serialize(StrKeyWith(&|key| skip.contains(key))) {
            Ok(true) => Ok(()),
            Ok(false) => self.map.serialize_entry(key, value),
            // Not a plain string: its text is made as for a key on its own.
            Err(Refused) => {
                self.serialize_key(key)?;
                self.serialize_value(value)
            }
        }
    }

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), M::Error> {
        let key = Self::key_text(key)?;
        self.key = (!self.skip.contains(&key)).then_some(key);
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), M::Error> {
        match self.key.take() {
            Some(key) => self.map.serialize_entry(&key, value),
            None => Ok(()),
        }
    }

    fn end(self) -> Result<(), M::Error> {
        Ok(())
    }
}
