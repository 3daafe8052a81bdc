//! Sign-off: a fact-check goes draft → approved → published. Someone other than whoever rated
//! the claim approves it (four eyes); once published it changes only as a correction, with a
//! reason, in public. Both engines and the commands check these rules and nothing else.

use chrono::NaiveDate;

use super::{Contradiction, Correction, Finding, Stage, Status, StatusChange, Verdict};

/// A step of sign-off, as its command names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    Approve,
    Publish,
    Unpublish,
}

impl Step {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Step::Approve => "approve",
            Step::Publish => "publish",
            Step::Unpublish => "unpublish",
        }
    }
}

impl std::fmt::Display for Step {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Step {
    /// The stage this step takes a check from, and the one it leaves it in (`None`: back to a
    /// draft, recorded as no stage).
    #[must_use]
    pub fn route(self) -> (Stage, Option<Stage>) {
        match self {
            Step::Approve => (Stage::Draft, Some(Stage::Approved)),
            Step::Publish => (Stage::Approved, Some(Stage::Published)),
            Step::Unpublish => (Stage::Published, None),
        }
    }
}

/// A step to take, with what it brings.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SignOff {
    pub step: Option<Step>,
    /// Where the check is published (`publish`).
    pub review_url: Option<String>,
    /// When it was published (`publish`; today when not given).
    pub published_on: Option<NaiveDate>,
    /// Why (`unpublish` needs one).
    pub reason: Option<String>,
}

/// What a claim's check is, as the store finds it before a step.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CheckState {
    pub status: Status,
    /// As recorded: `None` is a draft once the claim has been checked.
    pub stage: Option<Stage>,
    /// Who last changed its status or verdict.
    pub rated_by: String,
    pub approved_by: Option<String>,
    pub published_on: Option<NaiveDate>,
    /// The claim holds another publisher's review, imported from their markup.
    pub imported: bool,
}

/// What a step leaves: the columns the store writes, and what the log says of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Stepped {
    /// The stage before and after, as shown (a draft for none).
    pub was: Stage,
    pub now: Stage,
    /// As recorded.
    pub stage: Option<Stage>,
    pub approved_by: Option<String>,
    pub published_on: Option<NaiveDate>,
    pub log: serde_json::Value,
}

/// Why a step or a change was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignOffError {
    #[error("claim {id} has not been checked yet (it is {status}): there is no finding to {step}")]
    NotChecked { id: i64, status: Status, step: Step },
    #[error("claim {id} is {stage}: {step} takes {} check", article(*needs))]
    WrongStage {
        id: i64,
        stage: Stage,
        step: Step,
        needs: Stage,
    },
    #[error("claim {id} was rated by {who}: someone else must approve it (a second pair of eyes)")]
    OwnCheck { id: i64, who: String },
    #[error(
        "claim {id} is published: unpublish it first (claimtrack unpublish {id} --reason \"...\")"
    )]
    Published { id: i64 },
    #[error(
        "claim {id} is published: a new verdict or explanation is a correction, made in public; say why with --reason"
    )]
    CorrectionNeedsReason { id: i64 },
    #[error("claim {id}: unpublishing needs --reason (it is said in public)")]
    UnpublishNeedsReason { id: i64 },
    #[error(
        "claim {id} holds a review imported from another publisher: publish your own with --review-url URL"
    )]
    ImportedNeedsUrl { id: i64 },
}

fn article(stage: Stage) -> String {
    match stage {
        Stage::Approved => "an approved".into(),
        other => format!("a {other}"),
    }
}

/// One row of a claim's status history, as far as sign-off cares: the status, verdict and label
/// it set, and who set them.
pub type Rated = (Status, Option<Verdict>, Option<String>, String);

/// Who set a claim's finding: whoever wrote the newest history row (oldest first in `history`)
/// that changed its status, verdict or label. A status command that changed none of them (a
/// headline given, say) or an undo that put them back rated nothing new.
#[must_use]
pub fn rater(history: &[Rated]) -> String {
    let mut who = String::new();
    let mut before: Option<(Status, Option<Verdict>, Option<&str>)> = None;
    for (status, verdict, label, actor) in history {
        let now = (*status, *verdict, label.as_deref());
        if before != Some(now) {
            who.clone_from(actor);
        }
        before = Some(now);
    }
    who
}

/// The stage a check is in: as recorded, or a draft once the claim has been checked and never
/// signed off; none while it is still outstanding.
#[must_use]
pub fn stage_of(status: Status, recorded: Option<Stage>) -> Option<Stage> {
    recorded.or((!status.is_outstanding()).then_some(Stage::Draft))
}

/// What a step does to a check, or why it may not be taken: `actor` takes it on `today`.
pub fn take_step(
    id: i64,
    step: &SignOff,
    check: &CheckState,
    actor: &str,
    today: NaiveDate,
) -> Result<Stepped, SignOffError> {
    let which = step.step.unwrap_or(Step::Approve);
    let (from, to) = which.route();
    let Some(stage) = stage_of(check.status, check.stage) else {
        return Err(SignOffError::NotChecked {
            id,
            status: check.status,
            step: which,
        });
    };
    if stage != from {
        return Err(SignOffError::WrongStage {
            id,
            stage,
            step: which,
            needs: from,
        });
    }
    if which == Step::Approve && check.rated_by.eq_ignore_ascii_case(actor) {
        return Err(SignOffError::OwnCheck {
            id,
            who: check.rated_by.clone(),
        });
    }
    if which == Step::Unpublish && step.reason.is_none() {
        return Err(SignOffError::UnpublishNeedsReason { id });
    }
    // Published by this desk, the check is the desk's: never under another publisher's URL.
    if which == Step::Publish && check.imported && step.review_url.is_none() {
        return Err(SignOffError::ImportedNeedsUrl { id });
    }
    let (approved_by, published_on) = match which {
        Step::Approve => (Some(actor.to_string()), None),
        Step::Publish => (
            check.approved_by.clone(),
            Some(step.published_on.unwrap_or(today)),
        ),
        // Taken down, the check is a draft again: it needs approving before it goes back up.
        Step::Unpublish => (None, None),
    };
    let now = to.unwrap_or(Stage::Draft);
    let log = serde_json::json!({
        "from": stage, "to": now,
        "reason": step.reason, "review_url": step.review_url, "published_on": published_on,
    });
    Ok(Stepped {
        was: stage,
        now,
        stage: to,
        approved_by,
        published_on,
        log,
    })
}

/// What a status change does to sign-off: the stage recorded after it, and whether it is a
/// correction of a published check. `changes_finding`: the verdict, its label, the explanation
/// or the status differ from before.
pub fn after_status_change(
    id: i64,
    recorded: Option<Stage>,
    to: Status,
    changes_finding: bool,
    reason: bool,
) -> Result<(Option<Stage>, bool), SignOffError> {
    match recorded {
        Some(Stage::Published) if to.is_outstanding() => Err(SignOffError::Published { id }),
        Some(Stage::Published) if changes_finding && !reason => {
            Err(SignOffError::CorrectionNeedsReason { id })
        }
        Some(Stage::Published) => Ok((recorded, changes_finding)),
        // An approval is of a finding: a new one needs approving again.
        Some(Stage::Approved) if changes_finding => Ok((None, false)),
        _ => Ok((recorded, false)),
    }
}

/// A claim's finding before a status change: its status, verdict and the publisher's label.
pub type Before = (Status, Option<Verdict>, Option<String>);

/// A claim's finding and sign-off after a status change.
#[derive(Debug, Clone, PartialEq)]
pub struct After {
    pub verdict: Option<Verdict>,
    pub label: Option<String>,
    pub explanation: Option<String>,
    /// As recorded.
    pub stage: Option<Stage>,
    /// What a correction of a published check changed, and why (logged as `correction`).
    pub correction: Option<serde_json::Value>,
    /// The status, verdict, label or explanation changed: whoever made the change set the
    /// finding (and may not approve it), and it is the desk's own, not an imported review.
    pub changes_finding: bool,
}

/// Why a status change was refused.
#[derive(Debug, Clone, PartialEq)]
pub enum Refused {
    Contradiction(Contradiction),
    SignOff(SignOffError),
}

/// Everything a status change does to a claim's finding: the verdict its status allows
/// (`states::after_change`), the explanation (kept unless given; cleared with the verdict when
/// the claim goes back to the queue) and the sign-off stage.
pub fn after_finding(
    id: i64,
    change: &StatusChange,
    before: Before,
    explanation: Option<String>,
    stage: Option<Stage>,
) -> Result<After, Refused> {
    let (from, old_verdict, old_label) = before;
    let (verdict, label) = super::after_change(change, old_verdict, old_label.clone())
        .map_err(Refused::Contradiction)?;
    let new_explanation = if change.explanation.is_some() {
        change.explanation.clone()
    } else if change.status.is_outstanding() {
        None
    } else {
        explanation.clone()
    };
    let changes_finding = from != change.status
        || verdict != old_verdict
        || label != old_label
        || new_explanation != explanation;
    let (stage, correcting) = after_status_change(
        id,
        stage,
        change.status,
        changes_finding,
        change.reason.is_some(),
    )
    .map_err(Refused::SignOff)?;
    let correction = correcting.then(|| {
        serde_json::json!({
            "was": { "status": from, "verdict": old_verdict, "label": old_label, "explanation": explanation },
            "now": { "status": change.status, "verdict": verdict, "label": label, "explanation": new_explanation },
            "reason": change.reason,
        })
    });
    Ok(After {
        verdict,
        label,
        explanation: new_explanation,
        stage,
        correction,
        changes_finding,
    })
}

/// How far a claim's check has gone: unchecked, in review, checked (a draft), approved,
/// published.
fn progress(status: Status, stage: Option<Stage>) -> u8 {
    match (status, stage) {
        (Status::Unverified, _) => 0,
        (Status::InReview, _) => 1,
        (_, Some(Stage::Published)) => 4,
        (_, Some(Stage::Approved)) => 3,
        _ => 2,
    }
}

/// Of two identical claims made one (a speaker merge), whether the one folded in brings its
/// finding (status, verdict, explanation, review, sign-off) to the one kept: it has gone
/// further. On a tie the kept claim's stands.
#[must_use]
pub fn finding_moves(folded: (Status, Option<Stage>), kept: (Status, Option<Stage>)) -> bool {
    progress(folded.0, folded.1) > progress(kept.0, kept.1)
}

/// The corrections of a published check still in effect, oldest first, from its log
/// (corrections and sign-off steps, oldest first) and the finding it has now: what the public
/// is told. An undone correction falls out: walking back from the finding now, each correction
/// kept led to the finding the next one kept (or the claim now) started from. An `unpublish` in
/// between starts the walk afresh: the check was taken down and rewritten before it went out
/// again, and what it said before stays said.
#[must_use]
pub fn corrections_in_effect<'a>(now: &Finding, log: &'a [Correction]) -> Vec<&'a Correction> {
    let mut expected = Some(now.clone());
    let mut kept = Vec::new();
    for entry in log.iter().rev() {
        match entry.action.as_str() {
            "unpublish" => expected = None,
            "correction" => {
                let (was, became) = entry.findings();
                if expected.as_ref().is_none_or(|e| *e == became) {
                    kept.push(entry);
                    expected = Some(was);
                }
            }
            _ => {}
        }
    }
    kept.reverse();
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn of_two_claims_made_one_the_further_checked_finding_stays() {
        let published = (Status::Disputed, Some(Stage::Published));
        let draft = (Status::Disputed, None);
        let fresh = (Status::Unverified, None);
        assert!(finding_moves(published, fresh));
        assert!(finding_moves(published, draft));
        assert!(finding_moves(draft, (Status::InReview, None)));
        assert!(!finding_moves(fresh, published));
        assert!(
            !finding_moves(draft, (Status::Verified, None)),
            "a tie keeps the kept"
        );
    }

    #[test]
    fn an_undone_correction_is_no_longer_in_effect() {
        let correction = |was: &str, now: &str| Correction {
            action: "correction".into(),
            actor: "ben".into(),
            at: "2025-08-20T10:00:00Z".into(),
            detail: serde_json::json!({
                "was": { "status": "disputed", "verdict": was },
                "now": { "status": "disputed", "verdict": now },
            }),
        };
        let step = |action: &str| Correction {
            action: action.into(),
            actor: "ben".into(),
            at: "2025-08-20T10:00:00Z".into(),
            detail: serde_json::json!({}),
        };
        let finding = |verdict: &str| Finding {
            status: Some(Status::Disputed),
            verdict: verdict.parse().ok(),
            ..Finding::default()
        };
        let (a, b, c) = (
            correction("false", "mostly_false"),
            correction("mostly_false", "mixed"),
            correction("false", "fabricated"),
        );
        // false → mostly false → mixed: both stand.
        let log = [a.clone(), b.clone()];
        assert_eq!(corrections_in_effect(&finding("mixed"), &log), [&a, &b]);
        // The second undone (back to mostly false): only the first stands.
        assert_eq!(corrections_in_effect(&finding("mostly_false"), &log), [&a]);
        // Both undone, then corrected otherwise: only the last.
        let log = [a.clone(), b.clone(), c.clone()];
        assert_eq!(corrections_in_effect(&finding("fabricated"), &log), [&c]);
        // Taken down, rewritten, published again: what was said before stays said.
        let log = [a.clone(), step("unpublish"), step("publish"), c.clone()];
        assert_eq!(
            corrections_in_effect(&finding("fabricated"), &log),
            [&a, &c]
        );
    }

    fn check(status: Status, stage: Option<Stage>) -> CheckState {
        CheckState {
            status,
            stage,
            rated_by: "ana".into(),
            ..CheckState::default()
        }
    }

    fn take(
        step: &SignOff,
        check: &CheckState,
        actor: &str,
    ) -> Result<Option<Stage>, SignOffError> {
        let today = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
        take_step(1, step, check, actor, today).map(|s| s.stage)
    }

    fn step(step: Step) -> SignOff {
        SignOff {
            step: Some(step),
            ..SignOff::default()
        }
    }

    #[test]
    fn a_check_goes_draft_approved_published_and_back() {
        let draft = check(Status::Disputed, None);
        assert_eq!(stage_of(draft.status, draft.stage), Some(Stage::Draft));
        assert_eq!(
            take(&step(Step::Approve), &draft, "ben"),
            Ok(Some(Stage::Approved))
        );
        let approved = check(Status::Disputed, Some(Stage::Approved));
        assert_eq!(
            take(&step(Step::Publish), &approved, "ben"),
            Ok(Some(Stage::Published))
        );
        let published = check(Status::Disputed, Some(Stage::Published));
        let why = SignOff {
            reason: Some("wrong figure".into()),
            ..step(Step::Unpublish)
        };
        assert_eq!(take(&why, &published, "ana"), Ok(None));
    }

    #[test]
    fn steps_out_of_order_or_by_the_rater_are_refused() {
        let draft = check(Status::Verified, None);
        let own = take(&step(Step::Approve), &draft, "ANA").unwrap_err();
        assert_eq!(
            own.to_string(),
            "claim 1 was rated by ana: someone else must approve it (a second pair of eyes)"
        );
        let early = take(&step(Step::Publish), &draft, "ben").unwrap_err();
        assert_eq!(
            early.to_string(),
            "claim 1 is draft: publish takes an approved check"
        );
        let open = check(Status::InReview, None);
        assert!(matches!(
            take(&step(Step::Approve), &open, "ben"),
            Err(SignOffError::NotChecked { .. })
        ));
        let published = check(Status::Verified, Some(Stage::Published));
        assert_eq!(
            take(&step(Step::Unpublish), &published, "ben"),
            Err(SignOffError::UnpublishNeedsReason { id: 1 })
        );
    }

    #[test]
    fn a_correction_records_what_was_and_why() {
        let change = StatusChange {
            status: Status::Disputed,
            verdict: Some(Verdict::MostlyFalse),
            label: None,
            reason: Some("the figure was for 2023".into()),
            review_url: None,
            review_title: None,
            explanation: None,
        };
        let before = (Status::Disputed, Some(Verdict::False), None);
        let after = after_finding(
            4,
            &change,
            before,
            Some("No such rise.".into()),
            Some(Stage::Published),
        )
        .unwrap();
        assert_eq!(after.stage, Some(Stage::Published));
        assert_eq!(after.explanation.as_deref(), Some("No such rise."));
        let correction = after.correction.unwrap();
        assert_eq!(correction["was"]["verdict"], "false");
        assert_eq!(correction["now"]["verdict"], "mostly_false");
        assert_eq!(correction["reason"], "the figure was for 2023");
        // Going back to the queue clears the finding, and needs a published check taken down.
        let reopen = StatusChange {
            status: Status::Unverified,
            verdict: None,
            ..change
        };
        let before = (Status::Disputed, Some(Verdict::False), None);
        let draft = after_finding(4, &reopen, before.clone(), Some("x".into()), None).unwrap();
        assert_eq!((draft.verdict, draft.explanation), (None, None));
        assert_eq!(
            after_finding(4, &reopen, before, None, Some(Stage::Published)),
            Err(Refused::SignOff(SignOffError::Published { id: 4 }))
        );
    }

    #[test]
    fn the_rater_is_who_last_changed_the_finding() {
        let row = |verdict: Option<Verdict>, who: &str| -> Rated {
            (Status::Disputed, verdict, None, who.into())
        };
        let history = [
            (Status::Unverified, None, None, "importer".into()),
            row(Some(Verdict::False), "ana"),
            // A headline added by ben, the finding as it was.
            row(Some(Verdict::False), "ben"),
        ];
        assert_eq!(rater(&history), "ana");
        let mut rerated = history.to_vec();
        rerated.push(row(Some(Verdict::MostlyFalse), "ben"));
        assert_eq!(rater(&rerated), "ben");
    }

    #[test]
    fn a_published_check_changes_only_as_a_correction() {
        let published = Some(Stage::Published);
        assert_eq!(
            after_status_change(2, published, Status::Unverified, true, true),
            Err(SignOffError::Published { id: 2 })
        );
        assert_eq!(
            after_status_change(2, published, Status::Disputed, true, false),
            Err(SignOffError::CorrectionNeedsReason { id: 2 })
        );
        assert_eq!(
            after_status_change(2, published, Status::Disputed, true, true),
            Ok((published, true))
        );
        assert_eq!(
            after_status_change(2, published, Status::Disputed, false, false),
            Ok((published, false))
        );
        // A new finding on an approved check goes back to a draft.
        assert_eq!(
            after_status_change(2, Some(Stage::Approved), Status::Verified, true, false),
            Ok((None, false))
        );
    }
}
