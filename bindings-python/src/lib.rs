//! `hookseal._native`: the Python face of the hookseal core.
//!
//! Every function converts its arguments, calls the core, and maps the core's error to the
//! exception class of its code. No behaviour lives here.

use hookseal::{ErrorKind, FieldCase, FieldValue, Secret};
use pyo3::create_exception;
use pyo3::exceptions::{PyTypeError, PyUnicodeEncodeError, PyValueError};
use pyo3::prelude::*;
use pyo3::pybacked::{PyBackedBytes, PyBackedStr};
use pyo3::types::{
    PyBool, PyByteArray, PyBytes, PyDict, PyInt, PyList, PyMemoryView, PyString, PyTuple,
};

create_exception!(
    hookseal,
    WebhookError,
    PyValueError,
    "A webhook could not be signed, verified or claimed; `code` says why."
);
create_exception!(hookseal, GuardFullError, WebhookError, "Code `guard_full`.");
create_exception!(
    hookseal,
    InvalidSchemeError,
    WebhookError,
    "Code `invalid_scheme`."
);
create_exception!(
    hookseal,
    InvalidSecretError,
    WebhookError,
    "Code `invalid_secret`."
);
create_exception!(
    hookseal,
    MalformedHeaderError,
    WebhookError,
    "Code `malformed_header`."
);
create_exception!(
    hookseal,
    MissingHeaderError,
    WebhookError,
    "Code `missing_header`."
);
create_exception!(hookseal, ReplayedError, WebhookError, "Code `replayed`.");
create_exception!(
    hookseal,
    SignatureMismatchError,
    WebhookError,
    "Code `signature_mismatch`."
);
create_exception!(
    hookseal,
    TimestampTooNewError,
    WebhookError,
    "Code `timestamp_too_new`."
);
create_exception!(
    hookseal,
    TimestampTooOldError,
    WebhookError,
    "Code `timestamp_too_old`."
);

/// Bodies at least this long are hashed with the GIL released (when they are immutable).
const DETACH_BODY_BYTES: usize = 8 * 1024;

/// The exception class for each code, in the order of `ErrorKind::ALL`.
fn error_class(py: Python<'_>, kind: ErrorKind) -> Bound<'_, pyo3::types::PyType> {
    match kind {
        ErrorKind::GuardFull => py.get_type::<GuardFullError>(),
        ErrorKind::InvalidScheme => py.get_type::<InvalidSchemeError>(),
        ErrorKind::InvalidSecret => py.get_type::<InvalidSecretError>(),
        ErrorKind::MalformedHeader => py.get_type::<MalformedHeaderError>(),
        ErrorKind::MissingHeader => py.get_type::<MissingHeaderError>(),
        ErrorKind::Replayed => py.get_type::<ReplayedError>(),
        ErrorKind::SignatureMismatch => py.get_type::<SignatureMismatchError>(),
        ErrorKind::TimestampTooNew => py.get_type::<TimestampTooNewError>(),
        ErrorKind::TimestampTooOld => py.get_type::<TimestampTooOldError>(),
        _ => py.get_type::<WebhookError>(),
    }
}

/// Maps a core error to its exception; the class carries the code.
fn raise(err: &hookseal::Error) -> PyErr {
    Python::attach(|py| {
        let class = error_class(py, err.kind());
        let is_base = class.is(py.get_type::<WebhookError>());
        let exc = PyErr::from_type(class, err.to_string());
        // Subclasses carry `code` as a class attribute; the base class (a code this build
        // does not know) gets it on the instance.
        if is_base {
            let _ = exc.value(py).setattr("code", err.code());
        }
        exc
    })
}

fn type_error(what: &str) -> PyErr {
    PyTypeError::new_err(what.to_owned())
}

/// The UTF-8 of a `str`; `TypeError` naming `what` when it holds a lone surrogate, which has
/// no UTF-8 (rather than Python's `UnicodeEncodeError`, a `ValueError` like `WebhookError`).
fn utf8(text: &Bound<'_, PyString>, what: &str) -> PyResult<PyBackedStr> {
    text.extract().map_err(|err: PyErr| {
        if err.is_instance_of::<PyUnicodeEncodeError>(text.py()) {
            type_error(&format!("{what} must be a str that encodes as UTF-8"))
        } else {
            err
        }
    })
}

/// An integer beyond `i64`, saturated: the core then refuses it with its own range message.
fn saturated(value: &Bound<'_, PyAny>) -> PyResult<i64> {
    Ok(if value.lt(0)? { i64::MIN } else { i64::MAX })
}

/// An integer argument; `bool` is refused, values beyond `i64` saturate (the core then
/// refuses or clamps them with its own codes).
fn int_arg(value: &Bound<'_, PyAny>, name: &str) -> PyResult<i64> {
    if value.is_instance_of::<PyBool>() || !value.is_instance_of::<PyInt>() {
        return Err(type_error(&format!("{name} must be an int")));
    }
    value.extract::<i64>().or_else(|_| saturated(value))
}

fn optional_int(value: Option<&Bound<'_, PyAny>>, name: &str) -> PyResult<Option<i64>> {
    value
        .filter(|v| !v.is_none())
        .map(|v| int_arg(v, name))
        .transpose()
}

/// A request body: borrowed from an immutable `bytes`, or copied (a `str` encoded as
/// UTF-8, or a mutable buffer that another thread could change while it is hashed).
enum Body {
    Shared(PyBackedBytes),
    Owned(Vec<u8>),
}

impl Body {
    fn extract(body: &Bound<'_, PyAny>) -> PyResult<Self> {
        if let Ok(bytes) = body.cast::<PyBytes>() {
            return Ok(Self::Shared(bytes.clone().into()));
        }
        if let Ok(text) = body.cast::<PyString>() {
            let text = text.to_cow().map_err(|_| {
                type_error("body must be bytes, or a str that encodes as UTF-8 (this one holds a lone surrogate)")
            })?;
            return Ok(Self::Owned(text.into_owned().into_bytes()));
        }
        if let Some(bytes) = buffer_bytes(body)? {
            return Ok(Self::Owned(bytes));
        }
        Err(type_error(
            "body must be bytes, bytearray, memoryview or str",
        ))
    }

    fn as_slice(&self) -> &[u8] {
        match self {
            Self::Shared(bytes) => bytes,
            Self::Owned(bytes) => bytes,
        }
    }
}

/// A copy of a `bytearray` or `memoryview`'s bytes; `None` for other types. Copied because
/// another thread may change a mutable buffer while it is being hashed.
fn buffer_bytes(value: &Bound<'_, PyAny>) -> PyResult<Option<Vec<u8>>> {
    if let Ok(array) = value.cast::<PyByteArray>() {
        return Ok(Some(array.to_vec()));
    }
    if value.is_instance_of::<PyMemoryView>() {
        let bytes = value
            .call_method0("tobytes")
            .map_err(|_| type_error("memoryview must be readable as bytes"))?;
        let bytes = bytes
            .cast::<PyBytes>()
            .map_err(|_| type_error("memoryview must be readable as bytes"))?;
        return Ok(Some(bytes.as_bytes().to_vec()));
    }
    Ok(None)
}

/// The headers a scheme reads, taken from any mapping of `str` to `str` or any iterable of
/// pairs. Only names as long as one the scheme reads are converted; every name and value
/// is still checked to be a `str`, and must encode as UTF-8 in a header the scheme reads.
fn header_pairs(
    headers: &Bound<'_, PyAny>,
    scheme: &hookseal::Scheme,
    lengths: &[usize],
) -> PyResult<Vec<(PyBackedStr, PyBackedStr)>> {
    let mut out = Vec::new();
    let mut take = |name: &Bound<'_, PyAny>, value: &Bound<'_, PyAny>| -> PyResult<()> {
        let name = name
            .cast::<PyString>()
            .map_err(|_| type_error("header names must be str"))?;
        let value = value
            .cast::<PyString>()
            .map_err(|_| type_error("header values must be str"))?;
        if lengths.contains(&name.len()?) {
            match (utf8(name, "header names"), utf8(value, "header values")) {
                (Ok(name), Ok(value)) => out.push((name, value)),
                // Text without UTF-8 matters only in a header the scheme reads; any other
                // header is skipped, as the core would ignore it.
                (Ok(name), Err(err))
                    if scheme
                        .header_names()
                        .any(|read| read.eq_ignore_ascii_case(&name)) =>
                {
                    return Err(err);
                }
                _ => {}
            }
        }
        Ok(())
    };
    if let Ok(dict) = headers.cast::<PyDict>() {
        for (name, value) in dict.iter() {
            take(&name, &value)?;
        }
    } else if headers.is_instance_of::<PyList>() || headers.is_instance_of::<PyTuple>() {
        for item in headers.try_iter()? {
            let (name, value) = pair(&item?)?;
            take(&name, &value)?;
        }
    } else if headers.hasattr("items")? {
        // Starlette, Werkzeug and Django header objects: their `items()` yields every value.
        for item in headers.call_method0("items")?.try_iter()? {
            let (name, value) = pair(&item?)?;
            take(&name, &value)?;
        }
    } else {
        // Any other iterable of pairs (a generator, `dict.items()`, `zip`), as the stub's
        // `Iterable[tuple[str, str]]` promises. Text and bytes iterate too, but are no pairs.
        let text_or_bytes = headers.is_instance_of::<PyString>()
            || headers.is_instance_of::<PyBytes>()
            || headers.is_instance_of::<PyByteArray>()
            || headers.is_instance_of::<PyMemoryView>();
        let items = if text_or_bytes {
            None
        } else {
            headers.try_iter().ok()
        };
        let Some(items) = items else {
            return Err(type_error(
                "headers must be a mapping of str to str or an iterable of (name, value) pairs",
            ));
        };
        for item in items {
            let (name, value) = pair(&item?)?;
            take(&name, &value)?;
        }
    }
    Ok(out)
}

fn pair<'py>(item: &Bound<'py, PyAny>) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyAny>)> {
    let pair_error = || type_error("each header must be a (name, value) pair of str");
    if item.is_instance_of::<PyString>() || item.len().map_err(|_| pair_error())? != 2 {
        return Err(pair_error());
    }
    Ok((item.get_item(0)?, item.get_item(1)?))
}

/// A custom-scheme field value as the core takes it. Integers beyond `i64` saturate, as
/// `int_arg` does, so that the core reports its range rather than a type.
fn field_value<'a>(
    value: &'a Bound<'_, PyAny>,
    text: Option<&'a PyBackedStr>,
) -> PyResult<FieldValue<'a>> {
    Ok(if value.is_none() {
        FieldValue::Default
    } else if let Some(text) = text {
        FieldValue::Str(text)
    } else if value.is_instance_of::<PyBool>() {
        FieldValue::Other("a bool")
    } else if value.is_instance_of::<PyInt>() {
        FieldValue::Int(value.extract::<i64>().or_else(|_| saturated(value))?)
    } else if value.is_instance_of::<pyo3::types::PyFloat>() {
        FieldValue::Other("a float")
    } else {
        FieldValue::Other("another type")
    })
}

/// Builds a scheme from `(name, value)` fields, with an optional built-in base.
fn scheme_from_fields(
    base: Option<&str>,
    fields: &[(Bound<'_, PyAny>, Bound<'_, PyAny>)],
) -> PyResult<hookseal::Scheme> {
    let mut names = Vec::with_capacity(fields.len());
    let mut texts = Vec::with_capacity(fields.len());
    for (name, value) in fields {
        let name = name
            .cast::<PyString>()
            .map_err(|_| type_error("scheme field names must be str"))?;
        names.push(utf8(name, "scheme field names")?);
        texts.push(match value.cast::<PyString>() {
            Ok(text) => Some(utf8(text, "scheme field values")?),
            Err(_) => None,
        });
    }
    let mut pairs: Vec<(&str, FieldValue<'_>)> = Vec::with_capacity(fields.len() + 1);
    if let Some(base) = base {
        pairs.push(("base", FieldValue::Str(base)));
    }
    for ((name, text), (_, value)) in names.iter().zip(&texts).zip(fields) {
        pairs.push((name, field_value(value, text.as_ref())?));
    }
    hookseal::SchemeBuilder::from_fields(pairs, FieldCase::Snake).map_err(|e| raise(&e))
}

fn dict_fields<'py>(
    fields: Option<&Bound<'py, PyDict>>,
) -> Vec<(Bound<'py, PyAny>, Bound<'py, PyAny>)> {
    fields.map(|d| d.iter().collect()).unwrap_or_default()
}

/// Where a webhook's signature travels, what is signed, and how secrets are decoded.
#[pyclass(frozen, skip_from_py_object, module = "hookseal", name = "Scheme")]
#[derive(Clone)]
struct Scheme {
    inner: hookseal::Scheme,
}

#[pymethods]
impl Scheme {
    /// A custom scheme; `signature_header` is required.
    #[staticmethod]
    #[pyo3(signature = (**fields))]
    fn custom(fields: Option<&Bound<'_, PyDict>>) -> PyResult<Self> {
        let inner = scheme_from_fields(None, &dict_fields(fields))?;
        Ok(Self { inner })
    }

    /// Standard Webhooks (and Svix), optionally with fields overridden.
    #[staticmethod]
    #[pyo3(signature = (**overrides))]
    fn standard(overrides: Option<&Bound<'_, PyDict>>) -> PyResult<Self> {
        Self::based("standard", overrides)
    }

    /// Stripe, optionally with fields overridden.
    #[staticmethod]
    #[pyo3(signature = (**overrides))]
    fn stripe(overrides: Option<&Bound<'_, PyDict>>) -> PyResult<Self> {
        Self::based("stripe", overrides)
    }

    /// GitHub, optionally with fields overridden.
    #[staticmethod]
    #[pyo3(signature = (**overrides))]
    fn github(overrides: Option<&Bound<'_, PyDict>>) -> PyResult<Self> {
        Self::based("github", overrides)
    }

    /// Slack, optionally with fields overridden.
    #[staticmethod]
    #[pyo3(signature = (**overrides))]
    fn slack(overrides: Option<&Bound<'_, PyDict>>) -> PyResult<Self> {
        Self::based("slack", overrides)
    }

    /// Shopify, optionally with fields overridden.
    #[staticmethod]
    #[pyo3(signature = (**overrides))]
    fn shopify(overrides: Option<&Bound<'_, PyDict>>) -> PyResult<Self> {
        Self::based("shopify", overrides)
    }

    /// What `Verified.scheme` reports.
    #[getter]
    fn name(&self) -> &str {
        self.inner.name()
    }

    /// Allowed distance between the timestamp and now, in seconds.
    #[getter]
    fn tolerance_seconds(&self) -> u32 {
        self.inner.tolerance_seconds()
    }

    /// The header that carries the signature.
    #[getter]
    fn signature_header(&self) -> &str {
        self.inner.signature_header()
    }

    /// The header that carries the delivery id, if any.
    #[getter]
    fn id_header(&self) -> Option<&str> {
        self.inner.id_header()
    }

    /// The header that carries the timestamp, if any.
    #[getter]
    fn timestamp_header(&self) -> Option<&str> {
        self.inner.timestamp_header()
    }

    fn __repr__(&self) -> String {
        format!(
            "Scheme(name={:?}, signature_header={:?})",
            self.inner.name(),
            self.inner.signature_header()
        )
    }
}

impl Scheme {
    fn based(base: &str, overrides: Option<&Bound<'_, PyDict>>) -> PyResult<Self> {
        let fields = dict_fields(overrides);
        let inner = if fields.is_empty() {
            hookseal::Scheme::from_name(base).map_err(|e| raise(&e))?
        } else {
            scheme_from_fields(Some(base), &fields)?
        };
        Ok(Self { inner })
    }

    fn from_arg(scheme: Option<&Bound<'_, PyAny>>) -> PyResult<hookseal::Scheme> {
        let Some(scheme) = scheme.filter(|s| !s.is_none()) else {
            return Ok(hookseal::Scheme::standard());
        };
        if let Ok(name) = scheme.cast::<PyString>() {
            let name = utf8(name, "scheme")?;
            return hookseal::Scheme::from_name(&name).map_err(|e| raise(&e));
        }
        if let Ok(scheme) = scheme.cast::<Scheme>() {
            return Ok(scheme.get().inner.clone());
        }
        if let Ok(dict) = scheme.cast::<PyDict>() {
            return scheme_from_fields(None, &dict_fields(Some(dict)));
        }
        if scheme.hasattr("items")? {
            let mut fields = Vec::new();
            for item in scheme.call_method0("items")?.try_iter()? {
                fields.push(pair(&item?)?);
            }
            return scheme_from_fields(None, &fields);
        }
        Err(type_error(
            "scheme must be a built-in name, a Scheme, or a mapping of fields",
        ))
    }
}

/// Signs and verifies the deliveries of one endpoint.
#[pyclass(frozen, module = "hookseal", name = "Webhook")]
struct Webhook {
    inner: hookseal::Webhook,
    /// Lengths of the header names the scheme reads, to skip converting other headers.
    header_lengths: Vec<usize>,
}

#[pymethods]
impl Webhook {
    #[new]
    #[pyo3(signature = (secret, *, scheme = None, tolerance_seconds = None))]
    fn new(
        secret: &Bound<'_, PyAny>,
        scheme: Option<&Bound<'_, PyAny>>,
        tolerance_seconds: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        // Argument types first (TypeError), then what the core refuses (WebhookError).
        let secrets = secrets(secret)?;
        let tolerance_seconds = optional_int(tolerance_seconds, "tolerance_seconds")?;
        let scheme = Scheme::from_arg(scheme)?;
        let keys = secrets.iter().map(|s| match s {
            OwnedSecret::Text(text) => Secret::Text(text),
            OwnedSecret::Bytes(bytes) => Secret::Bytes(bytes),
        });
        let mut inner = hookseal::Webhook::new(scheme, keys).map_err(|e| raise(&e))?;
        if let Some(seconds) = tolerance_seconds {
            inner = inner
                .try_with_tolerance_seconds(seconds)
                .map_err(|e| raise(&e))?;
        }
        let mut header_lengths: Vec<usize> = inner.scheme().header_names().map(str::len).collect();
        header_lengths.sort_unstable();
        header_lengths.dedup();
        Ok(Self {
            inner,
            header_lengths,
        })
    }

    /// Verifies a delivery; raises `WebhookError` with a `code` when it does not verify.
    #[pyo3(signature = (body, headers, *, now = None))]
    fn verify(
        &self,
        py: Python<'_>,
        body: &Bound<'_, PyAny>,
        headers: &Bound<'_, PyAny>,
        now: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Verified> {
        let body = Body::extract(body)?;
        let pairs = header_pairs(headers, self.inner.scheme(), &self.header_lengths)?;
        let now = optional_int(now, "now")?.unwrap_or_else(hookseal::unix_now);
        let data = body.as_slice();
        let outcome = if data.len() >= DETACH_BODY_BYTES {
            py.detach(|| self.inner.verify_at(data, &pairs, now))
        } else {
            self.inner.verify_at(data, &pairs, now)
        };
        outcome
            .map(|inner| Verified { inner })
            .map_err(|e| raise(&e))
    }

    /// Signs `body`; returns the headers to send.
    #[pyo3(signature = (body, *, id = None, timestamp = None))]
    fn sign<'py>(
        &self,
        py: Python<'py>,
        body: &Bound<'py, PyAny>,
        id: Option<&Bound<'py, PyAny>>,
        timestamp: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let body = Body::extract(body)?;
        let id: Option<PyBackedStr> = match id.filter(|v| !v.is_none()) {
            None => None,
            Some(id) => Some(utf8(
                id.cast::<PyString>()
                    .map_err(|_| type_error("id must be a str"))?,
                "id",
            )?),
        };
        let timestamp = optional_int(timestamp, "timestamp")?.unwrap_or_else(hookseal::unix_now);
        let headers = self
            .inner
            .sign_at(body.as_slice(), id.as_deref(), timestamp)
            .map_err(|e| raise(&e))?;
        let out = PyDict::new(py);
        for (name, value) in headers {
            out.set_item(name, value)?;
        }
        Ok(out)
    }

    /// The scheme this webhook uses.
    #[getter]
    fn scheme(&self) -> Scheme {
        Scheme {
            inner: self.inner.scheme().clone(),
        }
    }

    /// Allowed distance between the timestamp and now, in seconds.
    #[getter]
    fn tolerance_seconds(&self) -> u32 {
        self.inner.tolerance_seconds()
    }

    fn __repr__(&self) -> String {
        format!(
            "Webhook(scheme={:?}, tolerance_seconds={})",
            self.inner.scheme().name(),
            self.inner.tolerance_seconds()
        )
    }
}

enum OwnedSecret {
    Text(PyBackedStr),
    Bytes(Vec<u8>),
}

fn secrets(secret: &Bound<'_, PyAny>) -> PyResult<Vec<OwnedSecret>> {
    let one = |s: &Bound<'_, PyAny>| -> PyResult<OwnedSecret> {
        if let Ok(text) = s.cast::<PyString>() {
            return Ok(OwnedSecret::Text(utf8(text, "a secret")?));
        }
        if let Ok(bytes) = s.cast::<PyBytes>() {
            return Ok(OwnedSecret::Bytes(bytes.as_bytes().to_vec()));
        }
        if let Some(bytes) = buffer_bytes(s)? {
            return Ok(OwnedSecret::Bytes(bytes));
        }
        Err(type_error("a secret must be str or bytes"))
    };
    if secret.is_instance_of::<PyList>() || secret.is_instance_of::<PyTuple>() {
        secret.try_iter()?.map(|s| one(&s?)).collect()
    } else {
        Ok(vec![one(secret)?])
    }
}

/// A delivery that verified.
#[pyclass(frozen, module = "hookseal", name = "Verified")]
struct Verified {
    inner: hookseal::Verified,
}

#[pymethods]
impl Verified {
    /// The delivery id, or `None`.
    #[getter]
    fn id(&self) -> Option<&str> {
        self.inner.id()
    }

    /// The timestamp in Unix seconds, or `None`.
    #[getter]
    fn timestamp(&self) -> Option<i64> {
        self.inner.timestamp()
    }

    /// Index of the secret that matched.
    #[getter]
    fn secret_index(&self) -> usize {
        self.inner.secret_index()
    }

    /// The name of the scheme that verified it.
    #[getter]
    fn scheme(&self) -> &str {
        self.inner.scheme()
    }

    /// The key shared replay guards record (for `hookseal.redis`).
    fn _replay_key(&self) -> String {
        self.inner.replay_key()
    }

    /// Seconds a shared guard must remember this delivery, claimed at `now` (the clock when
    /// `None`) with `ttl_seconds` for schemes without a signed timestamp; 0 for none.
    #[pyo3(signature = (ttl_seconds, now = None))]
    fn _replay_ttl_seconds(
        &self,
        ttl_seconds: &Bound<'_, PyAny>,
        now: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<u64> {
        let ttl = ttl_arg(int_arg(ttl_seconds, "ttl_seconds")?)?;
        let now = optional_int(now, "now")?.unwrap_or_else(hookseal::unix_now);
        Ok(self.inner.replay_ttl_seconds(now, ttl))
    }

    fn __repr__(&self) -> String {
        format!(
            "Verified(id={}, timestamp={}, secret_index={}, scheme={:?})",
            self.inner
                .id()
                .map_or_else(|| "None".to_owned(), |id| format!("{id:?}")),
            self.inner
                .timestamp()
                .map_or_else(|| "None".to_owned(), |t| t.to_string()),
            self.inner.secret_index(),
            self.inner.scheme()
        )
    }
}

/// Remembers verified deliveries in this process until their window closes.
#[pyclass(frozen, module = "hookseal", name = "ReplayGuard")]
struct ReplayGuard {
    inner: hookseal::ReplayGuard,
}

#[pymethods]
impl ReplayGuard {
    #[new]
    #[pyo3(signature = (*, capacity = None, ttl_seconds = None))]
    fn new(
        capacity: Option<&Bound<'_, PyAny>>,
        ttl_seconds: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let capacity = match optional_int(capacity, "capacity")? {
            None => hookseal::DEFAULT_GUARD_CAPACITY,
            Some(n) => usize::try_from(n)
                .map_err(|_| PyValueError::new_err("capacity must not be negative"))?,
        };
        let ttl_seconds = match optional_int(ttl_seconds, "ttl_seconds")? {
            None => hookseal::DEFAULT_GUARD_TTL_SECONDS,
            Some(n) => ttl_arg(n)?,
        };
        Ok(Self {
            inner: hookseal::ReplayGuard::new(capacity, ttl_seconds),
        })
    }

    /// Records `verified`; raises `ReplayedError` or `GuardFullError`.
    #[pyo3(signature = (verified, *, now = None))]
    fn claim(&self, verified: &Bound<'_, PyAny>, now: Option<&Bound<'_, PyAny>>) -> PyResult<()> {
        let verified = verified_arg(verified)?;
        let outcome = match optional_int(now, "now")? {
            Some(now) => self.inner.claim_at(&verified.get().inner, now),
            None => self.inner.claim(&verified.get().inner),
        };
        outcome.map_err(|e| raise(&e))
    }

    /// Forgets a claim; does nothing for a delivery never claimed.
    fn release(&self, verified: &Bound<'_, PyAny>) -> PyResult<()> {
        self.inner.release(&verified_arg(verified)?.get().inner);
        Ok(())
    }

    /// The most live claims this guard holds.
    #[getter]
    fn capacity(&self) -> usize {
        self.inner.capacity()
    }

    /// How long deliveries without a signed timestamp are remembered.
    #[getter]
    fn ttl_seconds(&self) -> u32 {
        self.inner.ttl_seconds()
    }

    fn __len__(&self) -> usize {
        self.inner.len()
    }

    fn __repr__(&self) -> String {
        format!(
            "ReplayGuard(capacity={}, ttl_seconds={})",
            self.inner.capacity(),
            self.inner.ttl_seconds()
        )
    }
}

/// A guard's `ttl_seconds`: at least the core's minimum, since a guard that remembers for 0
/// seconds would let every replay of a delivery without a signed timestamp through.
fn ttl_arg(seconds: i64) -> PyResult<u32> {
    u32::try_from(seconds)
        .ok()
        .filter(|&s| s >= hookseal::MIN_GUARD_TTL_SECONDS)
        .ok_or_else(|| {
            PyValueError::new_err(format!(
                "ttl_seconds must be between {} and {}",
                hookseal::MIN_GUARD_TTL_SECONDS,
                u32::MAX
            ))
        })
}

fn verified_arg<'a, 'py>(value: &'a Bound<'py, PyAny>) -> PyResult<&'a Bound<'py, Verified>> {
    value
        .cast::<Verified>()
        .map_err(|_| type_error("verified must be a hookseal.Verified"))
}

/// A new secret for the `standard` scheme: `whsec_` and the base64 of 32 random bytes.
#[pyfunction]
fn generate_secret() -> String {
    hookseal::generate_secret()
}

/// The Python module.
#[pymodule(gil_used = false)]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<Webhook>()?;
    m.add_class::<Scheme>()?;
    m.add_class::<Verified>()?;
    m.add_class::<ReplayGuard>()?;
    m.add_function(wrap_pyfunction!(generate_secret, m)?)?;
    m.add("WebhookError", py.get_type::<WebhookError>())?;
    for kind in ErrorKind::ALL {
        let class = error_class(py, kind);
        class.setattr("code", kind.code())?;
        m.add(class.name()?, class)?;
    }
    m.add(
        "DEFAULT_TOLERANCE_SECONDS",
        hookseal::DEFAULT_TOLERANCE_SECONDS,
    )?;
    m.add("DEFAULT_GUARD_CAPACITY", hookseal::DEFAULT_GUARD_CAPACITY)?;
    m.add(
        "DEFAULT_GUARD_TTL_SECONDS",
        hookseal::DEFAULT_GUARD_TTL_SECONDS,
    )?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
