//! The request plumbing the REST routes and the live channel's auth route share: who is calling (bearer
//! authentication the way Laravel reads it, and the device a sign-in comes from), the request's input the way
//! Laravel parses it, and the store's errors as the server's status codes and JSON bodies.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request};
use axum::http::header::{CONTENT_TYPE, RETRY_AFTER, USER_AGENT};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use crate::state::Shared;
use crate::store::{Device, StoreError};

pub(crate) type AppState = Arc<Shared>;

/// Laravel's per-route throttle for `wsurl`, reported in its headers.
pub(crate) const WSURL_LIMIT_HEADER: &str = "20";

/// A request header's value, trimmed; `None` when it is missing, empty or not text.
pub(crate) fn header(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|value| value.to_str().ok())
        .map(|value| value.trim().to_owned())
        .filter(|value| !value.is_empty())
}

// ----- responses -----

pub(crate) fn message(status: StatusCode, text: &str) -> Response {
    (status, Json(json!({ "message": text }))).into_response()
}

impl IntoResponse for StoreError {
    fn into_response(self) -> Response {
        match self {
            StoreError::Unauthenticated => message(StatusCode::UNAUTHORIZED, "Unauthenticated."),
            StoreError::NotFound => message(StatusCode::NOT_FOUND, "Not found."),
            StoreError::Forbidden => message(StatusCode::FORBIDDEN, "This action is unauthorized."),
            StoreError::Validation(errors) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                Json(json!({"message": errors.message(), "errors": errors.to_json()})),
            )
                .into_response(),
            StoreError::TooManySessions {
                limit,
                sessions,
                bare,
            } => {
                // 419 has no named constant; from_u16 cannot fail for it.
                let status = StatusCode::from_u16(419).unwrap_or(StatusCode::TOO_MANY_REQUESTS);
                let body = if bare {
                    Value::Array(sessions)
                } else {
                    json!({"message": "Too many sessions.", "sessions_limit": limit,
                           "sessions": sessions, "key": null})
                };
                (status, Json(body)).into_response()
            }
            StoreError::RateLimited { retry_after_secs } => (
                StatusCode::TOO_MANY_REQUESTS,
                [
                    (RETRY_AFTER.as_str(), retry_after_secs.to_string()),
                    ("x-ratelimit-limit", WSURL_LIMIT_HEADER.to_owned()),
                    ("x-ratelimit-remaining", "0".to_owned()),
                ],
                Json(json!({"message": "Too Many Attempts."})),
            )
                .into_response(),
            StoreError::DuplicateUser(_) | StoreError::Failed => {
                message(StatusCode::INTERNAL_SERVER_ERROR, "Server Error")
            }
        }
    }
}

pub(crate) async fn method_not_allowed(method: Method, uri: Uri) -> Response {
    let route = uri.path().trim_start_matches('/');
    message(
        StatusCode::METHOD_NOT_ALLOWED,
        &format!("The {method} method is not supported for route {route}."),
    )
}

// ----- extractors -----

/// The authenticated caller, plus the socket its pushes should skip.
pub(crate) struct Caller {
    pub(crate) user_id: u64,
    pub(crate) access_token_id: String,
    pub(crate) socket_id: Option<String>,
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = StoreError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, StoreError> {
        let token = bearer_token(&parts.headers).ok_or(StoreError::Unauthenticated)?;
        let auth = {
            let mut store = state.store();
            let auth = store
                .authenticate(&token)
                .ok_or(StoreError::Unauthenticated)?;
            store.touch(&token, state.clock.now());
            auth
        };
        let socket_id = parts
            .headers
            .get("x-socket-id")
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned);
        Ok(Self {
            user_id: auth.user_id,
            access_token_id: auth.access_token_id,
            socket_id,
        })
    }
}

/// Laravel's `Request::bearerToken`: whatever follows the last "Bearer " (any case), up to a
/// comma.
fn bearer_token(headers: &HeaderMap) -> Option<String> {
    let header = headers.get("authorization")?.to_str().ok()?;
    // ASCII lowercasing keeps byte offsets, so the position applies to the original.
    let at = header.to_ascii_lowercase().rfind("bearer ")?;
    let token = header[at + "bearer ".len()..].split(',').next()?.trim();
    (!token.is_empty()).then(|| token.to_owned())
}

/// The request's input as Laravel sees it: a JSON body when the request says it is JSON
/// (unparseable JSON counts as no input, so validation answers), form fields otherwise.
pub(crate) struct Input(pub(crate) Value);

impl FromRequest<AppState> for Input {
    type Rejection = Response;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Response> {
        let is_json = request
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| {
                let v = v.to_ascii_lowercase();
                v.contains("/json") || v.contains("+json")
            });
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|rejection| message(rejection.status(), &rejection.body_text()))?;
        let value = if is_json {
            serde_json::from_slice(&bytes).unwrap_or(Value::Null)
        } else {
            php_fields(&String::from_utf8_lossy(&bytes))
        };
        Ok(Self(value))
    }
}

/// Decodes `a=1&ids[]=2&ids[]=3` into `{"a": "1", "ids": ["2", "3"]}` as PHP does
/// (`ids[0]=2` style keys also make a list).
pub(crate) fn php_fields(encoded: &str) -> Value {
    let mut fields = Map::new();
    for (key, value) in url::form_urlencoded::parse(encoded.as_bytes()) {
        let value = Value::String(value.into_owned());
        match key.split_once('[') {
            Some((name, _)) if !name.is_empty() && key.ends_with(']') => {
                let entry = fields
                    .entry(name.to_owned())
                    .or_insert_with(|| Value::Array(Vec::new()));
                match entry {
                    Value::Array(list) => list.push(value),
                    other => *other = Value::Array(vec![value]),
                }
            }
            _ => {
                fields.insert(key.into_owned(), value);
            }
        }
    }
    Value::Object(fields)
}

/// Where a sign-in comes from: its user agent, its `X-Client`, and the address it came from (plain http only).
impl FromRequestParts<AppState> for Device {
    type Rejection = StoreError;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, StoreError> {
        let ip = parts
            .extensions
            .get::<ConnectInfo<std::net::SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip().to_string());
        Ok(Device {
            user_agent: header(&parts.headers, USER_AGENT.as_str()),
            client: header(&parts.headers, "x-client"),
            ip,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn auth(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        if let Ok(v) = HeaderValue::from_str(value) {
            headers.insert("authorization", v);
        }
        headers
    }

    #[test]
    fn bearer_token_is_read_like_laravel() {
        assert_eq!(bearer_token(&auth("Bearer abc")).as_deref(), Some("abc"));
        assert_eq!(bearer_token(&auth("bearer abc")).as_deref(), Some("abc"));
        assert_eq!(
            bearer_token(&auth("Bearer Bearer abc")).as_deref(),
            Some("abc")
        );
        assert_eq!(
            bearer_token(&auth("Bearer abc, Basic x")).as_deref(),
            Some("abc")
        );
        assert_eq!(bearer_token(&auth("Basic abc")), None);
        assert_eq!(bearer_token(&auth("Bearer ")), None);
        assert_eq!(bearer_token(&HeaderMap::new()), None);
    }

    #[test]
    fn form_and_query_fields_follow_php() {
        assert_eq!(
            php_fields("page=2&ids[]=1&ids%5B%5D=2&ids[5]=3&x"),
            json!({"page": "2", "ids": ["1", "2", "3"], "x": ""})
        );
        assert_eq!(php_fields(""), json!({}));
    }
}
