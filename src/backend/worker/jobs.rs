//! What a request runs in a task of its own: a create, a revoke, a door opened, an extension (both halves, in the
//! order the account's room allows).

use super::*;

/// What a request's task needs: the client, and how to report back for its session.
pub(super) struct Job {
    pub(super) api: Client,
    pub(super) generation: u64,
    pub(super) outbox: Outbox,
    pub(super) internal: mpsc::UnboundedSender<Internal>,
}

impl Job {
    fn answer(&self, event: Event) {
        self.outbox.tell_for(self.generation, event);
    }

    fn note(&self, what: What) {
        self.outbox.note_for(self.generation, what);
    }

    pub(super) async fn create(
        &self,
        request: RequestId,
        intercom: u64,
        title: &str,
        expires_at: DateTime<Utc>,
    ) {
        match self.api.create_code(intercom, title, expires_at).await {
            Ok(code) => self.answer(Event::CodeCreated { request, code }),
            Err(error) => {
                self.check_unauthorized(&error);
                let limit = error.code_limit();
                self.answer(Event::CreateFailed {
                    request,
                    problem: Problem::from_api(&error),
                    limit,
                });
            }
        }
    }

    pub(super) async fn revoke(&self, ids: Vec<u64>) {
        match self.api.delete_codes(&ids).await {
            Ok(()) => self.answer(Event::CodesRevoked { ids }),
            Err(error) => {
                self.check_unauthorized(&error);
                self.answer(Event::RevokeFailed {
                    ids,
                    failure: Failure::from_api(&error),
                });
            }
        }
    }

    pub(super) async fn open_door(&self, intercom: u64, call: Option<u64>) {
        match self.api.open_door(intercom).await {
            Ok(()) => self.answer(Event::DoorOpened { intercom, call }),
            Err(error) => {
                self.check_unauthorized(&error);
                self.answer(Event::DoorFailed {
                    intercom,
                    failure: Failure::from_api(&error),
                });
            }
        }
    }

    /// Makes the new code and revokes the old one, in the order the account's room allows, and says exactly
    /// what happened: never a visitor left with no code without the user being told.
    pub(super) async fn extend(
        &self,
        request: RequestId,
        old: u64,
        intercom: u64,
        title: &str,
        expires_at: DateTime<Utc>,
        revoke_first: bool,
    ) {
        let failed = |error: &ApiError, old_revoked: bool| Event::ExtendFailed {
            request,
            old,
            problem: Problem::from_api(error),
            limit: error.code_limit(),
            old_revoked,
        };
        // The journal hears of each half as it happens (see `What::Extended`).
        if revoke_first {
            if let Err(error) = self.api.delete_codes(&[old]).await {
                self.check_unauthorized(&error);
                return self.answer(failed(&error, false));
            }
            self.note(What::ExtendRevoke {
                old,
                new: None,
                result: Ok(()),
            });
            match self.api.create_code(intercom, title, expires_at).await {
                Ok(code) => {
                    self.note(What::Extended {
                        request,
                        code: code.clone(),
                        old,
                    });
                    self.answer(Event::Extended {
                        request,
                        code,
                        old,
                        old_revoke: Ok(()),
                    });
                }
                Err(error) => {
                    self.check_unauthorized(&error);
                    self.answer(failed(&error, true));
                }
            }
            return;
        }
        let code = match self.api.create_code(intercom, title, expires_at).await {
            Ok(code) => code,
            Err(error) => {
                self.check_unauthorized(&error);
                return self.answer(failed(&error, false));
            }
        };
        self.note(What::Extended {
            request,
            code: code.clone(),
            old,
        });
        let old_revoke = self.api.delete_codes(&[old]).await.map_err(|error| {
            self.check_unauthorized(&error);
            Problem::from_api(&error)
        });
        self.note(What::ExtendRevoke {
            old,
            new: Some(code.clone()),
            result: old_revoke.clone().map_err(|problem| problem_text(&problem)),
        });
        self.answer(Event::Extended {
            request,
            code,
            old,
            old_revoke,
        });
    }

    fn check_unauthorized(&self, error: &ApiError) {
        if error.is_unauthorized() {
            let _ = self.internal.send(Internal::Unauthorized {
                generation: self.generation,
            });
        }
    }
}
