//! Probe serializers: each asks a value one question by serializing it, and refuses every
//! shape but the one that answers it.

use std::fmt;

use serde::ser::{self, Impossible, Serialize, Serializer};

/// The error of the two probe serializers below: the value is not of the one shape the
/// probe accepts.
#[derive(Debug)]
pub(crate) struct Refused;

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
        $(#[$($generics:tt)*])? $probe:ty => $ok:ty;
        accept { $($accept:item)* }
        refuse { $($method:ident($($arg:ty),*);)* }
    ) => {
        impl $(<$($generics)*>)? Serializer for $probe {
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

/// Whether a map key that serializes as a string passes the test given (`Ok(test(key))`);
/// `Err(Refused)` for any other key.
pub(super) struct StrKeyWith<'a>(pub &'a dyn Fn(&str) -> bool);

probe! {
    StrKeyWith<'_> => bool;
    accept {
        fn serialize_str(self, key: &str) -> Result<bool, Refused> {
            Ok((self.0)(key))
        }
    }
    refuse {
        serialize_none();
    }
}

/// Whether a map key that serializes as a string is one of `R`'s keys (`Ok`); `Err(Refused)`
/// for any other key. Inlined, a literal key is checked at compile time.
pub(crate) struct StrKeyIn<R>(pub std::marker::PhantomData<R>);

probe! {
    #[R: crate::dialect::Reserved] StrKeyIn<R> => bool;
    accept {
        #[inline(always)]
        fn serialize_str(self, key: &str) -> Result<bool, Refused> {
            Ok(R::contains(key))
        }
    }
    refuse {
        serialize_none();
    }
}

/// Whether `value`, a `flatten` field, writes `key`: it is a map or struct with that key (a
/// string key compared in place, any other by its JSON text, as the field writes it).
pub(crate) fn writes_key<T: Serialize + ?Sized>(value: &T, key: &str) -> bool {
    matches!(value.serialize(KeyProbe(key)), Err(KeyFound::Found))
}

/// The error of [`KeyProbe`]: the key was found (which stops the walk), or the value is no map.
#[derive(Debug)]
enum KeyFound {
    Found,
    Other,
}

impl fmt::Display for KeyFound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("key probe")
    }
}

impl std::error::Error for KeyFound {}

impl ser::Error for KeyFound {
    fn custom<T: fmt::Display>(_: T) -> Self {
        KeyFound::Other
    }
}

/// Walks a map or struct, looking for one key; `Err(KeyFound::Found)` when it is there.
struct KeyProbe<'a>(&'a str);

impl KeyProbe<'_> {
    fn check<K: Serialize + ?Sized>(&self, key: &K) -> Result<(), KeyFound> {
        let is_key = |text: &str| text == self.0;
        let found = match key.serialize(StrKeyWith(&is_key)) {
            Ok(found) => found,
            // Not a plain string: its text as `flatten` writes it.
            Err(Refused) => match serde_json::to_value(key) {
                Ok(serde_json::Value::Number(number)) => number.to_string() == self.0,
                Ok(serde_json::Value::Bool(value)) => value.to_string() == self.0,
                Ok(serde_json::Value::String(text)) => text == self.0,
                _ => false,
            },
        };
        match found {
            true => Err(KeyFound::Found),
            false => Ok(()),
        }
    }
}

macro_rules! no_key {
    ($($method:ident($($arg:ty),*) -> $ret:ty;)*) => {$(
        fn $method(self, $(_: $arg),*) -> Result<$ret, KeyFound> {
            Err(KeyFound::Other)
        }
    )*};
}

impl<'a> Serializer for KeyProbe<'a> {
    type Ok = ();
    type Error = KeyFound;
    type SerializeSeq = Impossible<(), KeyFound>;
    type SerializeTuple = Impossible<(), KeyFound>;
    type SerializeTupleStruct = Impossible<(), KeyFound>;
    type SerializeTupleVariant = Impossible<(), KeyFound>;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Impossible<(), KeyFound>;

    no_key! {
        serialize_bool(bool) -> ();
        serialize_i8(i8) -> ();
        serialize_i16(i16) -> ();
        serialize_i32(i32) -> ();
        serialize_i64(i64) -> ();
        serialize_u8(u8) -> ();
        serialize_u16(u16) -> ();
        serialize_u32(u32) -> ();
        serialize_u64(u64) -> ();
        serialize_f32(f32) -> ();
        serialize_f64(f64) -> ();
        serialize_char(char) -> ();
        serialize_str(&str) -> ();
        serialize_bytes(&[u8]) -> ();
        serialize_none() -> ();
        serialize_unit() -> ();
        serialize_unit_struct(&'static str) -> ();
        serialize_unit_variant(&'static str, u32, &'static str) -> ();
        serialize_seq(Option<usize>) -> Self::SerializeSeq;
        serialize_tuple(usize) -> Self::SerializeTuple;
        serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct;
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant;
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant;
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), KeyFound> {
        value.serialize(self)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), KeyFound> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), KeyFound> {
        Err(KeyFound::Other)
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self, KeyFound> {
        Ok(self)
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, KeyFound> {
        Ok(self)
    }
}

impl ser::SerializeMap for KeyProbe<'_> {
    type Ok = ();
    type Error = KeyFound;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), KeyFound> {
        self.check(key)
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, _: &T) -> Result<(), KeyFound> {
        Ok(())
    }

    fn end(self) -> Result<(), KeyFound> {
        Ok(())
    }
}

impl ser::SerializeStruct for KeyProbe<'_> {
    type Ok = ();
    type Error = KeyFound;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        _: &T,
    ) -> Result<(), KeyFound> {
        self.check(key)
    }

    fn end(self) -> Result<(), KeyFound> {
        Ok(())
    }
}

/// Whether `value` serializes as `None`: such an extra key is left out of the body.
pub(super) fn is_none<T: Serialize + ?Sized>(value: &T) -> bool {
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
