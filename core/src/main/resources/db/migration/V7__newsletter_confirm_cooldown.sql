-- Repeated subscribe requests for a pending address send at most one confirmation mail per cooldown period.
ALTER TABLE newsletter_subscribers ADD COLUMN confirm_sent_at timestamptz;
