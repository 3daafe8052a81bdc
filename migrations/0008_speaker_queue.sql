-- A speaker's outstanding claims in queue order (`outstanding --speaker`): without it the view
-- sorted every outstanding claim of the speaker, 90,000 for the busiest speaker of a million.
CREATE INDEX claims_speaker_queue ON claims(speaker_id, priority DESC, id DESC)
    WHERE status IN ('unverified','in_review');
