//! Errors: the host's `{"error": {"code", "message"}}` as a Rust type.

use std::fmt;

use serde_json::{json, Value};

/// The host's stable error codes, plus `Other` for any code this SDK does
/// not know yet (its text is kept) and `Interrupted` for a job asked to stop.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrorCode {
    PermissionDenied,
    UnknownMethod,
    InvalidPayload,
    PayloadTooLarge,
    RateLimited,
    LibraryRequired,
    OutOfBounds,
    GuestTrap,
    DeadlineExceeded,
    Unavailable,
    Internal,
    ModelNotFound,
    ProviderUnavailable,
    Timeout,
    Busy,
    /// Not found (a model, an entry) — said by the SDK when the host answers `null`.
    NotFound,
    /// `spacedrive_call` could write no result (the guest's allocator failed).
    NoResult,
    /// The job was asked to pause or cancel (`JobContext::check_interrupt`).
    Interrupted,
    Other(String),
}

impl ErrorCode {
    pub fn from_code(code: &str) -> ErrorCode {
        match code {
            "permission_denied" => ErrorCode::PermissionDenied,
            "unknown_method" => ErrorCode::UnknownMethod,
            "invalid_payload" => ErrorCode::InvalidPayload,
            "payload_too_large" => ErrorCode::PayloadTooLarge,
            "rate_limited" => ErrorCode::RateLimited,
            "library_required" => ErrorCode::LibraryRequired,
            "out_of_bounds" => ErrorCode::OutOfBounds,
            "guest_trap" => ErrorCode::GuestTrap,
            "deadline_exceeded" => ErrorCode::DeadlineExceeded,
            "unavailable" => ErrorCode::Unavailable,
            "internal" => ErrorCode::Internal,
            "model_not_found" => ErrorCode::ModelNotFound,
            "provider_unavailable" => ErrorCode::ProviderUnavailable,
            "timeout" => ErrorCode::Timeout,
            "busy" => ErrorCode::Busy,
            "not_found" => ErrorCode::NotFound,
            "no_result" => ErrorCode::NoResult,
            "interrupted" => ErrorCode::Interrupted,
            other => ErrorCode::Other(other.to_string()),
        }
    }

    /// The code as the host spells it.
    pub fn as_str(&self) -> &str {
        match self {
            ErrorCode::PermissionDenied => "permission_denied",
            ErrorCode::UnknownMethod => "unknown_method",
            ErrorCode::InvalidPayload => "invalid_payload",
            ErrorCode::PayloadTooLarge => "payload_too_large",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::LibraryRequired => "library_required",
            ErrorCode::OutOfBounds => "out_of_bounds",
            ErrorCode::GuestTrap => "guest_trap",
            ErrorCode::DeadlineExceeded => "deadline_exceeded",
            ErrorCode::Unavailable => "unavailable",
            ErrorCode::Internal => "internal",
            ErrorCode::ModelNotFound => "model_not_found",
            ErrorCode::ProviderUnavailable => "provider_unavailable",
            ErrorCode::Timeout => "timeout",
            ErrorCode::Busy => "busy",
            ErrorCode::NotFound => "not_found",
            ErrorCode::NoResult => "no_result",
            ErrorCode::Interrupted => "interrupted",
            ErrorCode::Other(code) => code,
        }
    }
}

/// An error with the host's code and message (or one the SDK raised, with
/// a code of the same vocabulary).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    code: ErrorCode,
    message: String,
}

impl Error {
    pub fn new(code: &str, message: impl Into<String>) -> Error {
        Error { code: ErrorCode::from_code(code), message: message.into() }
    }

    pub fn with_code(code: ErrorCode, message: impl Into<String>) -> Error {
        Error { code, message: message.into() }
    }

    /// `invalid_payload`: bad input, or a host answer of an unexpected shape.
    pub fn invalid(message: impl Into<String>) -> Error {
        Error::with_code(ErrorCode::InvalidPayload, message)
    }

    pub fn not_found(message: impl Into<String>) -> Error {
        Error::with_code(ErrorCode::NotFound, message)
    }

    pub fn interrupted() -> Error {
        Error::with_code(ErrorCode::Interrupted, "the job was asked to pause or cancel")
    }

    pub fn kind(&self) -> &ErrorCode {
        &self.code
    }

    /// The code as the host spells it (`permission_denied`, …).
    pub fn code(&self) -> &str {
        self.code.as_str()
    }

    pub fn message(&self) -> &str {
        &self.message
    }

    pub fn is_interrupted(&self) -> bool {
        self.code == ErrorCode::Interrupted
    }

    /// `{"code": …, "message": …}`, as the host writes errors.
    pub fn to_json(&self) -> Value {
        json!({"code": self.code(), "message": self.message})
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code(), self.message)
    }
}

impl std::error::Error for Error {}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Error {
        Error::invalid(e.to_string())
    }
}

/// Lets extension code use `?` on its own string errors (code `extension_error`).
impl From<String> for Error {
    fn from(message: String) -> Error {
        Error::new("extension_error", message)
    }
}

impl From<&str> for Error {
    fn from(message: &str) -> Error {
        Error::new("extension_error", message)
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
