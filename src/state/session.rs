//! The session's events: what was kept from earlier runs, signing in (and every way it is refused), signing out.

use super::{
    AppState, Effects, Field, History, LiveStatus, SessionInfo, SignInField, SignInStatus,
    TooManySessions, UiEffect,
};
use crate::messages::{Problem, SignInFailure, SignOutReason};
use crate::settings::Settings;
use aipix_client::api::User;
use chrono::{DateTime, TimeDelta, Utc};

/// How long a sign-in waits after a 429 that named no `Retry-After`.
const RATE_LIMIT_PAUSE_SECS: u64 = 5;

impl AppState {
    /// What the settings file keeps: the sign-in form fills itself from the account used last while no one is
    /// signed in, and the first listing opens on the intercom looked at last.
    pub(super) fn remembered(&mut self, settings: Settings, effects: &mut Effects) {
        if self.session.is_none()
            && let Some(profile) = settings.last_used_profile()
        {
            effects.ui(UiEffect::Prefill(Box::new(profile.clone())));
        }
        self.preferences = settings.preferences();
        self.remembered = settings;
    }

    pub(super) fn signed_in(&mut self, user: User, server: String) {
        self.sign_in = SignInStatus::default();
        self.session = Some(SessionInfo { user, server });
        self.live = LiveStatus::Connecting;
        self.syncing = true;
    }

    /// Nothing of the session stays; the saved profiles and what is known of the keyring and the settings do, and
    /// the sign-in form offers the account used last.
    pub(super) fn signed_out(&mut self, reason: Option<SignOutReason>, effects: &mut Effects) {
        if let Some(profile) = self.remembered.last_used_profile() {
            effects.ui(UiEffect::Prefill(Box::new(profile.clone())));
        }
        *self = Self {
            sign_in: SignInStatus {
                notice: reason,
                ..SignInStatus::default()
            },
            storage_warning: self.storage_warning.take(),
            remembered: std::mem::take(&mut self.remembered),
            preferences: std::mem::take(&mut self.preferences),
            history: History::after(&self.history),
            ..Self::default()
        };
    }

    /// A refused sign-in: why, under the field it is about, and the keyboard put there: the server's address when
    /// the server is the problem, the captcha when it was wrong, else the password.
    pub(super) fn sign_in_failed(
        &mut self,
        failure: SignInFailure,
        now: DateTime<Utc>,
        effects: &mut Effects,
    ) {
        self.sign_in.busy = false;
        match failure {
            SignInFailure::RateLimited { retry_after } => {
                // Waited out on screen, then asked again; a server that names no wait gets a short one.
                let wait = retry_after.unwrap_or(RATE_LIMIT_PAUSE_SECS);
                self.sign_in.problem = Problem::default();
                self.sign_in.retry_at = Some(now + TimeDelta::seconds(wait as i64));
            }
            SignInFailure::Refused(problem) => self.sign_in.problem = problem,
            SignInFailure::CaptchaRequired(problem) => {
                self.sign_in.problem = problem;
                self.sign_in.captcha_required = true;
            }
            SignInFailure::TooManySessions {
                limit,
                sessions,
                message,
            } => {
                self.sign_in.problem = Problem::default();
                self.sign_in.too_many_sessions = Some(TooManySessions {
                    limit,
                    sessions,
                    message,
                });
            }
            SignInFailure::Certificate(problem) => {
                self.sign_in.problem = Problem::default();
                self.sign_in.certificate = Some(problem);
            }
        }
        self.sign_in.resuming = None;
        let problem = &self.sign_in.problem;
        let field = if problem.concerns(SignInField::Server.name()) {
            SignInField::Server
        } else if problem.concerns(SignInField::Captcha.name())
            || (self.sign_in.captcha_required && problem.is_empty())
        {
            SignInField::Captcha
        } else {
            SignInField::Password
        };
        effects.ui(UiEffect::Focus(Field::SignIn(field)));
    }
}
