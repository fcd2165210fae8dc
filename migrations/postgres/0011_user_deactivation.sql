-- A beheerder can switch a user off without deleting them (their name stays
-- on the audit log and the placements they made): a deactivated user can no
-- longer log in, sign on, or use any token, until switched on again.
ALTER TABLE users ADD COLUMN deactivated_at timestamptz;
