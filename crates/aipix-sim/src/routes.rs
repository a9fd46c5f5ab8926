//! The HTTP face of the simulator: the contract's routes, the per-request delay, the version a client must be,
//! and refusals in Russian (who is calling, the input and the errors' bodies are [`crate::http`]'s).

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, Request, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::{StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch, post};
use axum::{Json, Router};
use serde_json::{Value, json};

use crate::captcha;
use crate::config::SIM_VERSION;
use crate::http::{
    AppState, Caller, Input, WSURL_LIMIT_HEADER, header, message, method_not_allowed, php_fields,
};
use crate::hub::Announced;
use crate::live;
use crate::messages;
use crate::page::{self, PageRequest};
use crate::pushes::PushShapes;
use crate::state::Shared;
use crate::store::{CAPTCHA_TTL_SECS, Device, FieldErrors, StoreError};

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

async fn not_found(uri: Uri) -> Response {
    let route = uri.path().trim_start_matches('/');
    message(
        StatusCode::NOT_FOUND,
        &format!("The route {route} could not be found."),
    )
}

fn query_fields(query: Option<String>) -> Value {
    php_fields(query.as_deref().unwrap_or_default())
}

fn page_request(query: &Value, state: &Shared) -> Result<PageRequest, StoreError> {
    let per_page = query.get("per_page").and_then(Value::as_str);
    // A server validating `per_page` (`max:N`) refuses a larger one rather than clamping it.
    if let Some(max) = state.endpoint.per_page_max
        && per_page
            .and_then(page::php_int)
            .is_some_and(|asked| asked > i64::from(max))
    {
        let mut errors = FieldErrors::default();
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
        .unwrap_or_else(|| Announced {
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
