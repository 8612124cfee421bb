//! The integrations' impls for derived types, each written only for a type that asks for it.
//!
//! For a container key `#[matrix(axum)]` (`actix_web`, `ruma`), `#[derive(MatrixError)]`
//! emits one call of that integration's macro, spanned at the key:
//!
//! ```text
//! ::matrix_error::__impl_axum! {
//!     impl [<'a, T: Bound>] type [ApiError<'a, T>] where [T: Other,]
//! }
//! ```
//!
//! Each macro is defined twice here: with the integration's feature it writes the impl;
//! without it, a compile error that names the feature to turn on. So the derive crate knows
//! no feature, a type gets an integration only where it asks for one, and a type that does
//! not ask gets nothing of the framework whatever features are on. That matters because Cargo
//! unifies features across the build: were the impls decided by the features alone, a crate
//! that writes its own `IntoResponse` would stop compiling (E0119) the moment any other crate
//! in the build turned `axum` on.
//!
//! Every path in the impls is absolute (`$crate::...`, `::core::...`), as in the rest of the
//! generated code, so they compile under `#![no_implicit_prelude]`.

/// `axum::response::IntoResponse`: a handler can return `Result<_, T>`.
#[cfg(feature = "axum")]
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_axum {
    (impl [$($impl:tt)*] type [$($ty:tt)*] where [$($where:tt)*]) => {
        #[automatically_derived]
        impl $($impl)* $crate::__private::axum::response::IntoResponse for $($ty)*
        where
            $($ty)*: $crate::MatrixError,
            $($where)*
        {
            fn into_response(self) -> $crate::__private::axum::response::Response {
                $crate::__private::axum_into_response(&self)
            }
        }
    };
}

#[cfg(not(feature = "axum"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_axum {
    ($($input:tt)*) => {
        ::core::compile_error! {
            "`#[matrix(axum)]` generates axum's `IntoResponse`, which needs the `axum` feature of `matrix-error`: add `features = [\"axum\"]` to the `matrix-error` dependency"
        }
    };
}

/// `actix_web::ResponseError`: a handler can return `Result<_, T>`.
///
/// actix-web requires `Debug` and `Display` of an error. The bound on them is higher-ranked
/// (`for<'__matrix>`) so that it is not a trivial bound: a type without `Display` (the derive
/// does not need one when every variant has a `message`) then simply has no `ResponseError`,
/// instead of failing to compile.
#[cfg(feature = "actix-web")]
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_actix_web {
    (impl [$($impl:tt)*] type [$($ty:tt)*] where [$($where:tt)*]) => {
        #[automatically_derived]
        impl $($impl)* $crate::__private::actix_web::ResponseError for $($ty)*
        where
            $($ty)*: $crate::MatrixError,
            for<'__matrix> $($ty)*: ::core::fmt::Debug + ::core::fmt::Display,
            $($where)*
        {
            fn status_code(&self) -> $crate::__private::actix_web::http::StatusCode {
                $crate::__private::actix_status_code(self)
            }
            fn error_response(
                &self,
            ) -> $crate::__private::actix_web::HttpResponse<$crate::__private::actix_web::body::BoxBody>
            {
                $crate::__private::actix_error_response(self)
            }
        }
    };
}

#[cfg(not(feature = "actix-web"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_actix_web {
    ($($input:tt)*) => {
        ::core::compile_error! {
            "`#[matrix(actix_web)]` generates actix-web's `ResponseError`, which needs the `actix-web` feature of `matrix-error`: add `features = [\"actix-web\"]` to the `matrix-error` dependency"
        }
    };
}

/// `From<T> for ruma_common::api::error::Error`: `?` turns the type into ruma's error.
#[cfg(feature = "ruma")]
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_ruma {
    (impl [$($impl:tt)*] type [$($ty:tt)*] where [$($where:tt)*]) => {
        #[automatically_derived]
        impl $($impl)* ::core::convert::From<$($ty)*>
            for $crate::__private::ruma_common::api::error::Error
        where
            $($ty)*: $crate::MatrixError,
            $($where)*
        {
            fn from(error: $($ty)*) -> Self {
                $crate::__private::ruma_error(&error)
            }
        }
    };
}

#[cfg(not(feature = "ruma"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_ruma {
    ($($input:tt)*) => {
        ::core::compile_error! {
            "`#[matrix(ruma)]` generates `From<T>` for ruma's error, which needs the `ruma` feature of `matrix-error`: add `features = [\"ruma\"]` to the `matrix-error` dependency"
        }
    };
}
