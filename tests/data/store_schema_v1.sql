-- A SQLite database as the bot's first schema (migration 1) left it: one Telegram user
-- (4242) who asked an unclear question, rated an answer, set a reminder at 19:00 UTC+5:30
-- and answered one interview question on 20 Nov 2026. Made by the bot itself at that schema;
-- never regenerate it with a newer bot: it stands for files already out there.
BEGIN TRANSACTION;
CREATE TABLE answers (
	id INTEGER NOT NULL, 
	user_id VARCHAR(64) NOT NULL, 
	session_id VARCHAR(80) NOT NULL, 
	question_id VARCHAR(64) NOT NULL, 
	kind VARCHAR(24) NOT NULL, 
	score INTEGER NOT NULL, 
	met JSON NOT NULL, 
	missed JSON NOT NULL, 
	red_flags JSON NOT NULL, 
	words INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO "answers" VALUES(1,'4242','4242-20261120090035000000','proudest-achievement','traditional',6,'["obstacle", "meaning"]','["one-achievement", "own-role", "impact"]','[]',10,'2026-11-20 09:00:45.000000');
CREATE TABLE faq_log (
	id INTEGER NOT NULL, 
	user_id VARCHAR(64) NOT NULL, 
	"query" TEXT, 
	status VARCHAR(16) NOT NULL, 
	entry_id VARCHAR(64), 
	score INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO "faq_log" VALUES(1,'4242','what laptop should i buy for residency','clarify',NULL,33,'2026-11-20 09:00:05+00:00');
INSERT INTO "faq_log" VALUES(2,'4242',NULL,'answer','soap',100,'2026-11-20 09:00:10+00:00');
CREATE TABLE faq_votes (
	id INTEGER NOT NULL, 
	user_id VARCHAR(64) NOT NULL, 
	entry_id VARCHAR(64) NOT NULL, 
	up BOOLEAN NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO "faq_votes" VALUES(1,'4242','soap',1,'2026-11-20 09:00:15.000000');
CREATE TABLE practice_schedule (
	user_id VARCHAR(64) NOT NULL, 
	question_id VARCHAR(64) NOT NULL, 
	due_at DATETIME NOT NULL, 
	interval_days FLOAT NOT NULL, 
	ease FLOAT NOT NULL, 
	repetitions INTEGER NOT NULL, 
	PRIMARY KEY (user_id, question_id)
);
INSERT INTO "practice_schedule" VALUES('4242','proudest-achievement','2026-11-21 09:00:45.000000',1.0,1.7,0);
CREATE TABLE processed_updates (
	update_id BIGINT NOT NULL, 
	user_id VARCHAR(64) NOT NULL, 
	processed_at DATETIME NOT NULL, 
	PRIMARY KEY (update_id)
);
INSERT INTO "processed_updates" VALUES(1,'4242','2026-11-20 09:00:05+00:00');
INSERT INTO "processed_updates" VALUES(2,'4242','2026-11-20 09:00:10+00:00');
INSERT INTO "processed_updates" VALUES(3,'4242','2026-11-20 09:00:15+00:00');
INSERT INTO "processed_updates" VALUES(4,'4242','2026-11-20 09:00:20+00:00');
INSERT INTO "processed_updates" VALUES(5,'4242','2026-11-20 09:00:25+00:00');
INSERT INTO "processed_updates" VALUES(6,'4242','2026-11-20 09:00:30+00:00');
INSERT INTO "processed_updates" VALUES(7,'4242','2026-11-20 09:00:35+00:00');
INSERT INTO "processed_updates" VALUES(8,'4242','2026-11-20 09:00:40+00:00');
INSERT INTO "processed_updates" VALUES(9,'4242','2026-11-20 09:00:45+00:00');
INSERT INTO "processed_updates" VALUES(10,'4242','2026-11-20 09:00:50+00:00');
CREATE TABLE reminders (
	user_id VARCHAR(64) NOT NULL, 
	time_local VARCHAR(5) NOT NULL, 
	utc_offset_minutes INTEGER NOT NULL, 
	enabled BOOLEAN NOT NULL, 
	PRIMARY KEY (user_id)
);
INSERT INTO "reminders" VALUES('4242','19:00',330,1);
CREATE TABLE schema_version (
	version INTEGER NOT NULL, 
	applied_at DATETIME NOT NULL, 
	PRIMARY KEY (version)
);
INSERT INTO "schema_version" VALUES(1,'2026-12-06 07:32:31.898281');
CREATE TABLE sessions (
	session_id VARCHAR(80) NOT NULL, 
	user_id VARCHAR(64) NOT NULL, 
	track VARCHAR(40) NOT NULL, 
	questions INTEGER NOT NULL, 
	answered INTEGER, 
	average INTEGER, 
	started_at DATETIME NOT NULL, 
	ended_at DATETIME, 
	PRIMARY KEY (session_id)
);
INSERT INTO "sessions" VALUES('4242-20261120090035000000','4242','mixed',5,1,6,'2026-11-20 09:00:35.000000','2026-11-20 09:00:50.000000');
CREATE TABLE users (
	user_id VARCHAR(64) NOT NULL, 
	state JSON NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	PRIMARY KEY (user_id)
);
INSERT INTO "users" VALUES('4242','{"version": 1, "step": 5, "interview": null, "pending": null, "pending_track": null, "profile": {"specialty": null, "country": null}, "reminder": {"time": "19:00", "utc_offset_minutes": 330, "enabled": true}, "voted": ["soap"], "seen_welcome": false}','2026-11-20 09:00:05+00:00','2026-11-20 09:00:50+00:00');
CREATE INDEX ix_answers_user_time ON answers (user_id, created_at);
CREATE INDEX ix_faq_log_created_at ON faq_log (created_at);
CREATE INDEX ix_faq_log_user_id ON faq_log (user_id);
CREATE INDEX ix_faq_votes_created_at ON faq_votes (created_at);
CREATE INDEX ix_faq_votes_user_id ON faq_votes (user_id);
CREATE INDEX ix_processed_updates_user_id ON processed_updates (user_id);
CREATE INDEX ix_sessions_user_id ON sessions (user_id);
COMMIT;
