-- The scrubber's own record of each copy. last_checked_at: when it last looked at the copy, whatever it
-- found (last_verified_at moves only when the hash matched), so that neither a full pass nor the
-- background scrub picks a copy it cannot verify again and again. problem: why the scrubber could
-- neither verify nor repair the copy (corrupt but cannot be moved to quarantine, unreadable), with
-- its time; cleared when the copy is verified or written again.
ALTER TABLE stored_object ADD COLUMN last_checked_at timestamptz;
UPDATE stored_object SET last_checked_at = last_verified_at;
ALTER TABLE stored_object ALTER COLUMN last_checked_at SET DEFAULT now(), ALTER COLUMN last_checked_at SET NOT NULL;
ALTER TABLE stored_object ADD COLUMN problem text, ADD COLUMN problem_at timestamptz,
    ADD CONSTRAINT stored_object_problem_check CHECK ((problem IS NULL) = (problem_at IS NULL));

-- The background scrub reads the least recently checked live copies first.
CREATE INDEX stored_object_last_checked ON stored_object (last_checked_at) WHERE deleted_at IS NULL;

-- 'missing': a presence check found an inventoried copy's file gone. 'problem': the scrubber could
-- neither verify nor repair a copy.
ALTER TABLE audit_event DROP CONSTRAINT audit_event_action_check;
ALTER TABLE audit_event ADD CONSTRAINT audit_event_action_check CHECK (action IN (
    'write', 'copy-out', 'copy-in', 'move-out', 'relocate', 'repair', 'quarantine', 'missing', 'problem', 'lost', 'delete',
    'restore', 'purge'));
