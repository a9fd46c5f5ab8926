//! The HTTP face of the simulator: the contract's routes and the per-request delay (who is calling, the input
//! and the errors' bodies are [`crate::http`]'s).

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
use crate::http::{
    AppState, Caller, Input, WSURL_LIMIT_HEADER, message, method_not_allowed, php_fields,
};
use crate::live;
use crate::page::{self, PageRequest};
use crate::pushes::PushShapes;
use crate::state::Shared;
use crate::store::{CAPTCHA_TTL_SECS, StoreError};

pub(crate) fn router(state: AppState) -> Router {
    Router::new()
        .route("/api/v1/token", post(login))
        .route("/api/v1/captcha", get(captcha))
        .route("/api/v1/sessions/{id}", post(logout))
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
/// as a proxy limiting connections per client would.
async fn delay(State(state): State<AppState>, request: Request, next: Next) -> Response {
    state.count_request(request.method().as_str(), request.uri().path());
    let Some(_in_flight) = state.begin_request() else {
        return message(StatusCode::TOO_MANY_REQUESTS, "Too Many Attempts.");
    };
    let delay = state.request_delay();
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    next.run(request).await
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

fn page_request(query: &Value, state: &Shared) -> PageRequest {
    PageRequest::from_query(
        query.get("page").and_then(Value::as_str),
        query.get("per_page").and_then(Value::as_str),
        state.endpoint.max_per_page,
    )
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
    Input(body): Input,
) -> Result<Json<Value>, StoreError> {
    Ok(Json(state.login(&body)?))
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
    let port = endpoint.addr.port();
    let ws_host = if endpoint.host.contains(':') {
        format!("[{}]", endpoint.host)
    } else {
        endpoint.host.clone()
    };
    let scheme = if endpoint.encrypted { "wss" } else { "ws" };
    // The vendor's Android SDK reads `is_encrypted` as a string (`models/ApiModels.kt`, `VMSSocketResponse`).
    let is_encrypted = match state.live.shapes() {
        PushShapes::Real => json!(endpoint.encrypted.to_string()),
        PushShapes::Legacy => json!(endpoint.encrypted),
    };
    let body = json!({
        "ws_url": format!("{scheme}://{ws_host}:{port}{}", endpoint.wsurl_path),
        "app_key": endpoint.app_key,
        "port": port,
        "host": endpoint.host,
        "path": endpoint.wsurl_path,
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
) -> Json<Value> {
    let req = page_request(&query_fields(query), &state);
    let (data, total) = state.store().intercoms_page(caller.user_id, req);
    let path = format!("{}/api/v1/intercom", state.endpoint.base_url);
    Json(page::envelope(data, total, req, &path))
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
    let req = page_request(&query_fields(query), &state);
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
) -> Json<Value> {
    let req = page_request(&query_fields(query), &state);
    let (data, total) = state.store().calls_page(caller.user_id, req);
    let path = format!("{}/api/v1/intercom/calls", state.endpoint.base_url);
    Json(page::envelope(data, total, req, &path))
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
