-- Objects moved between volumes of one node (emptying a draining volume) are audited as 'relocate'.
ALTER TABLE audit_event DROP CONSTRAINT audit_event_action_check;
ALTER TABLE audit_event ADD CONSTRAINT audit_event_action_check CHECK (action IN (
    'write', 'copy-out', 'copy-in', 'move-out', 'relocate', 'repair', 'quarantine', 'lost', 'delete', 'restore', 'purge'));
