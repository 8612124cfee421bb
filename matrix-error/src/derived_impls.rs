//! The integrations' impls for derived types.
//!
//! `#[derive(MatrixError)]` always emits one call of [`__impl_frameworks!`]:
//!
//! ```text
//! ::matrix_error::__impl_frameworks! {
//!     impl [<'a, T: Bound>] type [ApiError<'a, T>] where [T: Other,]
//! }
//! ```
//!
//! It calls one macro per integration, each defined twice here: with the integration's
//! feature it writes the impl, without it nothing. So the derive crate knows no feature, and a
//! derived type gets the impls of exactly the features the runtime crate was built with.
//! Every path in the impls is absolute (`$crate::...`, `::core::...`), as in the rest of the
//! generated code, so they compile under `#![no_implicit_prelude]`.

/// Every integration's impls for a derived type; see the module docs.
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_frameworks {
    ($($input:tt)*) => {
        $crate::__impl_axum! { $($input)* }
        $crate::__impl_actix_web! { $($input)* }
        $crate::__impl_ruma! { $($input)* }
    };
}

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
    ($($input:tt)*) => {};
}

/// `actix_web::ResponseError`: a handler can return `Result<_, T>`.
///
/// actix-web requires `Debug` and `Display` of an error. The bound on them is higher-ranked
/// (`for<'__matrix>`) so that it is not a trivial bound: a type without `Display` (the derive
/// does not need one when every variant has a `message`) then simply has no `ResponseError`,
/// instead of failing to compile once the feature is on.
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
    ($($input:tt)*) => {};
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
    ($($input:tt)*) => {};
}
