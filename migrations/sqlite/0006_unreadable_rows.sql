-- A clock or timer row that cannot be read (a bad value written by hand or
-- by an older version) is set aside with the reason, so the sweeper skips
-- it instead of failing on it at every sweep.
ALTER TABLE sla_clocks ADD COLUMN unreadable TEXT;
ALTER TABLE timers ADD COLUMN unreadable TEXT;
