-- Complementary suppression now audits each municipality's whole pattern (kit/suppression-audit.ts):
-- flags computed before could leave a hidden count pinned to fewer than the threshold's values by
-- a parent minus its published children. Forgetting the rule they were computed with makes the
-- next start-up compute every flag again before it serves (applySuppressionRule).
delete from care_disclosure_rule;
