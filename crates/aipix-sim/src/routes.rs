//! The HTTP face of the simulator: the contract's routes, bearer authentication the way Laravel
//! reads it, request input the way Laravel parses it, the per-request delay, and the mapping of
//! store errors to the server's status codes and JSON bodies.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::PathRejection;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Path, RawQuery, Request, State};
use axum::http::header::{CONTENT_TYPE, RETRY_AFTER, USER_AGENT};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch, post};
use axum::{Json, Router};
use serde_json::{Map, Value, json};

use super::captcha;
use super::live;
use super::messages;
use super::page::{self, PageRequest};
use super::state::Shared;
use super::store::{CAPTCHA_TTL_SECS, Device, StoreError};
use super::{PushShapes, SIM_VERSION};

pub(crate) type AppState = Arc<Shared>;

/// Laravel's per-route throttle for `wsurl`, reported in its headers.
const WSURL_LIMIT_HEADER: &str = "20";

pub(crate) fn router(state: AppState) -> Router {
    Router::new()
        .route("/api/v1/token", post(login))
        .route("/api/v1/captcha", get(captcha))
        .route("/api/v1/logout", post(logout_self))
        .route("/api/v1/sessions", get(sessions))
        .route("/api/v1/sessions/{id}", post(logout))
        .route("/api/v1/users/self", get(user_self))
        .route("/api/v1/static/basic", get(static_basic))
        .route("/api/v1/wsurl", get(wsurl))
        .route(
            "/api/v1/intercom",
            get(list_intercoms).delete(delete_intercoms),
        )
        .route("/api/v1/intercom/shows", get(show_intercoms))
        .route(
            "/api/v1/intercom/codes",
            get(list_codes).delete(delete_codes),
        )
        .route(
            "/api/v1/intercom/calls",
            get(list_calls).delete(delete_calls),
        )
        .route("/api/v1/intercom/{id}", patch(update_intercom))
        .route("/api/v1/intercom/{id}/open-door", post(open_door))
        .route("/api/v1/intercom/{id}/codes", post(create_code))
        .method_not_allowed_fallback(method_not_allowed)
        // Only the API routes above wait; routes added later (the live channel) do not.
        .route_layer(middleware::from_fn_with_state(state.clone(), delay))
        .merge(live::router(&state))
        .fallback(not_found)
        .with_state(state)
}

/// Sleeps for the currently configured delay before answering (read per request so tests can
/// change it while the server runs); over the concurrency limit (a test hook), answers 429 at once,
/// as a proxy limiting connections per client would. Answers 409 to a client of another version than the one
/// required, and writes a refusal in Russian to a client that asked for it (`hl`).
async fn delay(State(state): State<AppState>, request: Request, next: Next) -> Response {
    state.count_request(request.method().as_str(), request.uri().path());
    let russian = messages::wants_russian(header(request.headers(), "hl").as_deref());
    let answer = guarded(&state, request, next).await;
    if russian && (answer.status().is_client_error() || answer.status().is_server_error()) {
        return in_russian(answer).await;
    }
    answer
}

async fn guarded(state: &AppState, request: Request, next: Next) -> Response {
    let Some(_in_flight) = state.begin_request() else {
        return message(StatusCode::TOO_MANY_REQUESTS, "Too Many Attempts.");
    };
    if let Some(retry_after_secs) = state.take_rate_limited() {
        return StoreError::RateLimited { retry_after_secs }.into_response();
    }
    if let Some(required) = state.required_version()
        && header(request.headers(), "x-version").as_deref() != Some(required.as_str())
    {
        // As a server that needs a newer client; the message names the version it wants.
        return message(
            StatusCode::CONFLICT,
            &format!("This server needs a client of version {required}."),
        );
    }
    let delay = state.request_delay();
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    next.run(request).await
}

fn header(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|value| value.to_str().ok())
        .map(|value| value.trim().to_owned())
        .filter(|value| !value.is_empty())
}

/// A JSON refusal's messages written again in Russian; any other answer as it was.
async fn in_russian(answer: Response) -> Response {
    let (mut parts, body) = answer.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 1024 * 1024).await else {
        return (parts.status, "").into_response();
    };
    let Ok(mut value) = serde_json::from_slice::<Value>(&bytes) else {
        return Response::from_parts(parts, axum::body::Body::from(bytes));
    };
    messages::to_russian(&mut value);
    parts.headers.remove(axum::http::header::CONTENT_LENGTH);
    let bytes = serde_json::to_vec(&value).unwrap_or_default();
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

// ----- responses -----

pub(super) fn message(status: StatusCode, text: &str) -> Response {
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

async fn not_found(uri: Uri) -> Response {
    let route = uri.path().trim_start_matches('/');
    message(
        StatusCode::NOT_FOUND,
        &format!("The route {route} could not be found."),
    )
}

pub(super) async fn method_not_allowed(method: Method, uri: Uri) -> Response {
    let route = uri.path().trim_start_matches('/');
    message(
        StatusCode::METHOD_NOT_ALLOWED,
        &format!("The {method} method is not supported for route {route}."),
    )
}

// ----- extractors -----

/// The authenticated caller, plus the socket its pushes should skip.
pub(super) struct Caller {
    pub(super) user_id: u64,
    pub(super) access_token_id: String,
    socket_id: Option<String>,
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
pub(super) struct Input(pub(super) Value);

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
fn php_fields(encoded: &str) -> Value {
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

fn query_fields(query: Option<String>) -> Value {
    php_fields(query.as_deref().unwrap_or_default())
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

fn page_request(query: &Value, state: &Shared) -> Result<PageRequest, StoreError> {
    let per_page = query.get("per_page").and_then(Value::as_str);
    // A server validating `per_page` (`max:N`) refuses a larger one rather than clamping it.
    if let Some(max) = state.endpoint.per_page_max
        && per_page
            .and_then(page::php_int)
            .is_some_and(|asked| asked > i64::from(max))
    {
        let mut errors = super::store::FieldErrors::default();
        errors.add(
            "per_page",
            format!("The per page field must not be greater than {max}."),
        );
        return Err(StoreError::Validation(errors));
    }
    Ok(PageRequest::from_query(
        query.get("page").and_then(Value::as_str),
        per_page,
        state.endpoint.max_per_page,
    ))
}

/// A path parameter as it arrived; unreadable ones (bad percent-encoding) are kept as errors so
/// the handler answers JSON, after authentication, like any other unknown id.
type RawPath = Result<Path<String>, PathRejection>;

/// Route-model binding: a path id that is not a number finds nothing.
fn path_id(raw: &RawPath) -> Result<u64, StoreError> {
    match raw {
        Ok(Path(raw)) => raw.parse().map_err(|_| StoreError::NotFound),
        Err(_) => Err(StoreError::NotFound),
    }
}

// ----- handlers -----

async fn login(
    State(state): State<AppState>,
    device: Device,
    Input(body): Input,
) -> Result<Json<Value>, StoreError> {
    Ok(Json(state.login(&body, &device)?))
}

/// `POST /api/v1/logout`: ends the caller's own session, as both SDKs sign out (`{"uuid"}` in the body is the
/// device, which this server does not need).
async fn logout_self(
    caller: Caller,
    State(state): State<AppState>,
) -> Result<Json<Value>, StoreError> {
    state.end_session(caller.user_id, &caller.access_token_id, caller.socket_id)?;
    tracing::debug!(user_id = caller.user_id, "sim: signed out");
    Ok(Json(json!({"status": "ok"})))
}

/// `GET /api/v1/sessions`: the caller's account's sessions, the caller's own marked `is_current`.
async fn sessions(caller: Caller, State(state): State<AppState>) -> Json<Value> {
    let now = state.clock.now();
    let list = state
        .store()
        .sessions_json(caller.user_id, Some(&caller.access_token_id), now);
    Json(Value::Array(list))
}

/// `GET /api/v1/users/self`: the signed-in user, as the login answer gives it.
async fn user_self(
    caller: Caller,
    State(state): State<AppState>,
) -> Result<Json<Value>, StoreError> {
    let user = state
        .store()
        .user_json(caller.user_id, &caller.access_token_id)?;
    Ok(Json(user))
}

/// `GET /api/v1/static/basic`: what the server says of itself before a sign-in (`VMSBasicStatic`).
async fn static_basic(State(state): State<AppState>) -> Json<Value> {
    let endpoint = &state.endpoint;
    Json(json!({
        "available_locales": messages::LANGUAGES,
        "is_captcha_available": endpoint.captcha,
        "is_external_auth_enabled": false,
        "version": state.required_version().as_deref().unwrap_or(SIM_VERSION),
    }))
}

async fn captcha(State(state): State<AppState>) -> Response {
    let text = captcha::random_text();
    let img = match captcha::data_url(&text) {
        Ok(img) => img,
        Err(error) => {
            tracing::error!(%error, "sim: captcha image failed");
            return message(StatusCode::INTERNAL_SERVER_ERROR, "Server Error");
        }
    };
    let now = state.clock.now();
    let key = state.store().add_captcha(text, now);
    Json(json!({"key": key, "img": img, "ttl": CAPTCHA_TTL_SECS})).into_response()
}

async fn logout(
    caller: Caller,
    State(state): State<AppState>,
    id: RawPath,
) -> Result<Json<Value>, StoreError> {
    let Ok(Path(id)) = id else {
        return Err(StoreError::NotFound);
    };
    state.end_session(caller.user_id, &id, caller.socket_id)?;
    tracing::debug!(
        user_id = caller.user_id,
        own = (id == caller.access_token_id),
        "sim: session ended"
    );
    Ok(Json(json!({"status": "ok"})))
}

async fn wsurl(caller: Caller, State(state): State<AppState>) -> Result<Response, StoreError> {
    let now = state.clock.now();
    let remaining = state.store().hit_wsurl(caller.user_id, now)?;
    let endpoint = &state.endpoint;
    // Its own live address, or the one a test has it announce instead.
    let announced = state
        .live
        .hostility()
        .announced
        .unwrap_or_else(|| crate::Announced {
            host: endpoint.host.clone(),
            port: endpoint.addr.port(),
            path: endpoint.wsurl_path.clone(),
            encrypted: endpoint.encrypted,
        });
    let ws_host = if announced.host.contains(':') {
        format!("[{}]", announced.host)
    } else {
        announced.host.clone()
    };
    let scheme = if announced.encrypted { "wss" } else { "ws" };
    // The vendor's Android SDK reads `is_encrypted` as a string (`models/ApiModels.kt`, `VMSSocketResponse`).
    let is_encrypted = match state.live.shapes() {
        PushShapes::Real => json!(announced.encrypted.to_string()),
        PushShapes::Legacy => json!(announced.encrypted),
    };
    let body = json!({
        "ws_url": format!("{scheme}://{ws_host}:{}{}", announced.port, announced.path),
        "app_key": endpoint.app_key,
        "port": announced.port,
        "host": announced.host,
        "path": announced.path,
        "is_encrypted": is_encrypted,
    });
    let headers = [
        ("x-ratelimit-limit", WSURL_LIMIT_HEADER.to_owned()),
        ("x-ratelimit-remaining", remaining.to_string()),
    ];
    Ok((headers, Json(body)).into_response())
}

async fn list_intercoms(
    caller: Caller,
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, StoreError> {
    let req = page_request(&query_fields(query), &state)?;
    let (data, total) = state.store().intercoms_page(caller.user_id, req);
    let path = format!("{}/api/v1/intercom", state.endpoint.base_url);
    let page = page::envelope(data, total, req, &path);
    Ok(Json(state.store().thinned_page(page)))
}

async fn show_intercoms(
    caller: Caller,
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, StoreError> {
    let list = state
        .store()
        .show_intercoms(caller.user_id, &query_fields(query))?;
    Ok(Json(Value::Array(list)))
}

async fn open_door(
    caller: Caller,
    State(state): State<AppState>,
    id: RawPath,
) -> Result<StatusCode, StoreError> {
    state.store().open_door(caller.user_id, path_id(&id)?)?;
    Ok(StatusCode::NO_CONTENT)
}

async fn update_intercom(
    caller: Caller,
    State(state): State<AppState>,
    id: RawPath,
    Input(body): Input,
) -> Result<Json<Value>, StoreError> {
    let intercom = state.update_intercom(caller.user_id, path_id(&id)?, &body, caller.socket_id)?;
    Ok(Json(intercom))
}

async fn delete_intercoms(
    caller: Caller,
    State(state): State<AppState>,
    Input(body): Input,
) -> Result<StatusCode, StoreError> {
    state.delete_intercoms(caller.user_id, &body, caller.socket_id)?;
    Ok(StatusCode::NO_CONTENT)
}

async fn list_codes(
    caller: Caller,
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Response {
    let req = match page_request(&query_fields(query), &state) {
        Ok(req) => req,
        Err(refused) => return refused.into_response(),
    };
    let now = state.clock.now();
    let path = format!("{}/api/v1/intercom/codes", state.endpoint.base_url);
    let body = state
        .store()
        .codes_page_json(caller.user_id, req, now, &path);
    ([(CONTENT_TYPE, "application/json")], body).into_response()
}

async fn list_calls(
    caller: Caller,
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, StoreError> {
    let req = page_request(&query_fields(query), &state)?;
    let (data, total) = state.store().calls_page(caller.user_id, req);
    let path = format!("{}/api/v1/intercom/calls", state.endpoint.base_url);
    let page = page::envelope(data, total, req, &path);
    Ok(Json(state.store().thinned_page(page)))
}

async fn delete_calls(
    caller: Caller,
    State(state): State<AppState>,
    Input(body): Input,
) -> Result<StatusCode, StoreError> {
    state.delete_calls(caller.user_id, &body, caller.socket_id)?;
    Ok(StatusCode::NO_CONTENT)
}

async fn create_code(
    caller: Caller,
    State(state): State<AppState>,
    id: RawPath,
    Input(body): Input,
) -> Result<Json<Value>, StoreError> {
    if state.failing.lock().creates {
        return Err(StoreError::Failed);
    }
    let code = state.create_code(caller.user_id, path_id(&id)?, &body, caller.socket_id)?;
    Ok(Json(code))
}

async fn delete_codes(
    caller: Caller,
    State(state): State<AppState>,
    Input(body): Input,
) -> Result<StatusCode, StoreError> {
    if state.failing.lock().deletes {
        return Err(StoreError::Failed);
    }
    state.delete_codes(caller.user_id, &body, caller.socket_id)?;
    Ok(StatusCode::NO_CONTENT)
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
