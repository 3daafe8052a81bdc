-- Status and verdict must agree (domain::ALLOWED_VERDICTS: verified is true or mostly true,
-- disputed is mixed or worse, the other statuses carry no verdict). The migration runner moves
-- each claim that breaks the rule, and each imported review whose label and number disagreed
-- (tagged rating-conflict), to in review without a verdict, with a history row and a note that
-- say what the old status and verdict were (`settle_contradictions`). Nothing else changes here.
SELECT 1;
