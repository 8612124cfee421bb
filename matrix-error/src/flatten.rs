//! Small serializers for the body writer: one that merges a `flatten` field's map or struct
//! into the body, one that tells whether a map key is a string to leave out, one that tells
//! whether a value is `None`.

use std::fmt;

use serde::ser::{self, Impossible, Serialize, SerializeMap, Serializer};

/// Writes the entries of a map or struct into `map`, leaving out the keys in `skip` (the
/// keys the body already has). `None` and `()` write nothing.
pub(crate) struct FlattenInto<'a, M> {
    pub map: &'a mut M,
    pub skip: &'a [&'a str],
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
        if self.skip.contains(&key) {
            return Ok(());
        }
        self.map.serialize_entry(key, value)
    }

    fn end(self) -> Result<(), M::Error> {
        Ok(())
    }
}

pub(crate) struct FlattenMap<'a, M> {
    map: &'a mut M,
    skip: &'a [&'a str],
    /// The key of the entry under way, `None` when it is skipped.
    key: Option<String>,
}

impl<M: SerializeMap> FlattenMap<'_, M> {
    /// A map key as the text JSON gives it.
    fn key_text<T: Serialize + ?Sized>(key: &T) -> Result<String, M::Error> {
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
        match key.serialize(StrKeyIn(self.skip)) {
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
        self.key = (!self.skip.contains(&key.as_str())).then_some(key);
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

/// The error of the two probe serializers below: the value is not of the one shape the
/// probe accepts.
#[derive(Debug)]
struct Refused;

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("refused by the probe")
    }
}

impl std::error::Error for Refused {}

impl ser::Error for Refused {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Refused
    }
}

/// A probe serializer: every method but the ones written out refuses. `accept` holds the
/// methods it answers; `refuse` names the one of `serialize_str` and `serialize_none` it
/// does not.
macro_rules! probe {
    (
        $probe:ty => $ok:ty;
        accept { $($accept:item)* }
        refuse { $($method:ident($($arg:ty),*);)* }
    ) => {
        impl Serializer for $probe {
            type Ok = $ok;
            type Error = Refused;
            type SerializeSeq = Impossible<$ok, Refused>;
            type SerializeTuple = Impossible<$ok, Refused>;
            type SerializeTupleStruct = Impossible<$ok, Refused>;
            type SerializeTupleVariant = Impossible<$ok, Refused>;
            type SerializeMap = Impossible<$ok, Refused>;
            type SerializeStruct = Impossible<$ok, Refused>;
            type SerializeStructVariant = Impossible<$ok, Refused>;

            $($accept)*

            probe! {
                @refuse $ok;
                $($method($($arg),*) -> $ok;)*
                serialize_bool(bool) -> $ok;
                serialize_i8(i8) -> $ok;
                serialize_i16(i16) -> $ok;
                serialize_i32(i32) -> $ok;
                serialize_i64(i64) -> $ok;
                serialize_u8(u8) -> $ok;
                serialize_u16(u16) -> $ok;
                serialize_u32(u32) -> $ok;
                serialize_u64(u64) -> $ok;
                serialize_f32(f32) -> $ok;
                serialize_f64(f64) -> $ok;
                serialize_char(char) -> $ok;
                serialize_bytes(&[u8]) -> $ok;
                serialize_unit() -> $ok;
                serialize_unit_struct(&'static str) -> $ok;
                serialize_unit_variant(&'static str, u32, &'static str) -> $ok;
                serialize_seq(Option<usize>) -> Self::SerializeSeq;
                serialize_tuple(usize) -> Self::SerializeTuple;
                serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct;
                serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant;
                serialize_map(Option<usize>) -> Self::SerializeMap;
                serialize_struct(&'static str, usize) -> Self::SerializeStruct;
                serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant;
            }
        }
    };
    (@refuse $ok:ty; $($method:ident($($arg:ty),*) -> $ret:ty;)*) => {
        $(
            fn $method(self, $(_: $arg),*) -> Result<$ret, Refused> {
                Err(Refused)
            }
        )*

        fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<$ok, Refused> {
            Err(Refused)
        }

        fn serialize_newtype_struct<T: Serialize + ?Sized>(
            self,
            _: &'static str,
            _: &T,
        ) -> Result<$ok, Refused> {
            Err(Refused)
        }

        fn serialize_newtype_variant<T: Serialize + ?Sized>(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: &T,
        ) -> Result<$ok, Refused> {
            Err(Refused)
        }
    };
}

/// Whether a map key that serializes as a string is one of the keys given; `Err(Refused)`
/// for any other key.
struct StrKeyIn<'a>(&'a [&'a str]);

probe! {
    StrKeyIn<'_> => bool;
    accept {
        fn serialize_str(self, key: &str) -> Result<bool, Refused> {
            Ok(self.0.contains(&key))
        }
    }
    refuse {
        serialize_none();
    }
}

/// Whether `value` serializes as `None`: such an extra key is left out of the body.
pub(crate) fn is_none<T: Serialize + ?Sized>(value: &T) -> bool {
    value.serialize(NoneProbe).is_ok()
}

struct NoneProbe;

probe! {
    NoneProbe => ();
    accept {
        fn serialize_none(self) -> Result<(), Refused> {
            Ok(())
        }
    }
    refuse {
        serialize_str(&str);
    }
}
