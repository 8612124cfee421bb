//! Probe serializers: each asks a value one question by serializing it, and refuses every
//! shape but the one that answers it.

use std::fmt;

use serde::ser::{self, Impossible, Serialize, Serializer};

/// The error of the two probe serializers below: the value is not of the one shape the
/// probe accepts.
#[derive(Debug)]
pub(super) struct Refused;

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
pub(super) struct StrKeyIn<'a>(pub &'a [&'a str]);

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
