// Schema migrations. Each entry moves the database from version i to i+1; `PRAGMA user_version`
// records where a database stands. Never edit a released migration: append a new one.
export const migrations: readonly string[] = [
  `
  CREATE TABLE datasets (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
  );
  CREATE TABLE blobs (
    hash TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mime TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE TABLE episodes (
    id TEXT PRIMARY KEY,
    dataset_id TEXT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    duration_ns INTEGER NOT NULL,
    source_path TEXT,
    source_hash TEXT,
    thumbnail_blob TEXT REFERENCES blobs(hash),
    metadata TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL
  );
  CREATE INDEX episodes_by_dataset ON episodes(dataset_id, created_at);
  CREATE INDEX episodes_by_created ON episodes(created_at DESC, id DESC);
  CREATE INDEX episodes_by_name ON episodes(name, id);
  CREATE INDEX episodes_by_source_hash ON episodes(source_hash);
  CREATE TABLE streams (
    id TEXT PRIMARY KEY,
    episode_id TEXT NOT NULL REFERENCES episodes(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('video', 'series')),
    frames INTEGER NOT NULL,
    duration_ns INTEGER NOT NULL,
    blob TEXT NOT NULL REFERENCES blobs(hash),
    timestamps_blob TEXT NOT NULL REFERENCES blobs(hash),
    columns TEXT NOT NULL DEFAULT '[]',
    video TEXT,
    UNIQUE (episode_id, name)
  );
  CREATE TABLE tags (
    episode_id TEXT NOT NULL REFERENCES episodes(id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    PRIMARY KEY (episode_id, tag)
  );
  CREATE INDEX tags_by_tag ON tags(tag);
  CREATE TABLE jobs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    params TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    progress REAL,
    message TEXT NOT NULL DEFAULT '',
    error TEXT,
    result TEXT,
    checkpoint TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    owner TEXT,
    heartbeat_at INTEGER,
    cancel_requested INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    started_at TEXT,
    finished_at TEXT
  );
  CREATE INDEX jobs_by_state ON jobs(state, created_at);
  CREATE TABLE job_logs (
    job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    at TEXT NOT NULL,
    level TEXT NOT NULL,
    line TEXT NOT NULL,
    PRIMARY KEY (job_id, seq)
  );
  CREATE TABLE audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '{}'
  );
  `,
  // Segments and trims: edits over an episode's time, kept apart from the original streams.
  `
  CREATE TABLE segments (
    id TEXT PRIMARY KEY,
    episode_id TEXT NOT NULL REFERENCES episodes(id) ON DELETE CASCADE,
    start_ns INTEGER NOT NULL,
    end_ns INTEGER NOT NULL CHECK (end_ns > start_ns),
    label TEXT NOT NULL DEFAULT '',
    instruction TEXT NOT NULL DEFAULT '',
    color TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX segments_by_episode ON segments(episode_id, start_ns);
  CREATE TABLE episode_trims (
    episode_id TEXT PRIMARY KEY REFERENCES episodes(id) ON DELETE CASCADE,
    start_ns INTEGER NOT NULL,
    end_ns INTEGER NOT NULL CHECK (end_ns > start_ns),
    updated_at TEXT NOT NULL
  );
  `,
  // Ground truth of generated episodes (expert skill, injected flaws), kept out of episode metadata so
  // that quality features cannot read it; and the trained models registry.
  `
  CREATE TABLE episode_ground_truth (
    episode_id TEXT PRIMARY KEY REFERENCES episodes(id) ON DELETE CASCADE,
    data TEXT NOT NULL
  );
  CREATE TABLE models (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    policy TEXT NOT NULL,
    config TEXT NOT NULL,
    dataset_snapshot TEXT NOT NULL,
    metrics TEXT NOT NULL DEFAULT '{}',
    backend TEXT NOT NULL,
    checkpoint TEXT NOT NULL,
    job_id TEXT REFERENCES jobs(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL
  );
  `,
  // Episode parts: a split or merge writes new episodes that are windows of one root recording
  // (origin_id, with the window's start in the origin's time) and hides the episodes it replaced.
  `
  ALTER TABLE episodes ADD COLUMN origin_id TEXT REFERENCES episodes(id);
  ALTER TABLE episodes ADD COLUMN origin_offset_ns INTEGER;
  ALTER TABLE episodes ADD COLUMN hidden_at TEXT;
  CREATE INDEX episodes_by_origin ON episodes(origin_id, origin_offset_ns);
  `,
  // Robots a user attached (URDF and meshes as blobs) and each dataset's rig: robot, joint columns,
  // camera mounts. A dataset without a rig row uses the built-in SO-101 with columns matched by name.
  `
  CREATE TABLE robots (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    urdf_blob TEXT NOT NULL REFERENCES blobs(hash),
    original_blob TEXT NOT NULL REFERENCES blobs(hash),
    mesh_blobs TEXT NOT NULL DEFAULT '[]',
    source_path TEXT,
    created_at TEXT NOT NULL
  );
  CREATE TABLE dataset_rigs (
    dataset_id TEXT PRIMARY KEY REFERENCES datasets(id) ON DELETE CASCADE,
    settings TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  `,
  // Who did it: the actor's role, and the episode a row concerns (indexed, for an episode's history).
  // Rows written before say which episode in their target (episode.*) or their detail (segment.*);
  // a segment update's detail holds only the change, so it takes the segment's episode.
  `
  ALTER TABLE audit ADD COLUMN role TEXT;
  ALTER TABLE audit ADD COLUMN episode_id TEXT;
  UPDATE audit SET episode_id = target WHERE action LIKE 'episode.%';
  UPDATE audit SET episode_id = json_extract(detail, '$.episodeId')
    WHERE action LIKE 'segment.%'
      AND CASE WHEN json_valid(detail) THEN json_type(detail, '$.episodeId') = 'text' ELSE 0 END;
  UPDATE audit SET episode_id = COALESCE(
      (SELECT s.episode_id FROM segments s WHERE s.id = audit.target),
      (SELECT c.episode_id FROM audit c
        WHERE c.target = audit.target AND c.action = 'segment.create' AND c.episode_id IS NOT NULL))
    WHERE action LIKE 'segment.%' AND episode_id IS NULL;
  CREATE INDEX audit_by_episode ON audit(episode_id, id);
  `,
  // What decoding each imported video once found (the verify job): keyed by the video's blob, so
  // the parts of a recording share their original's finding.
  `
  CREATE TABLE media_checks (
    blob TEXT PRIMARY KEY REFERENCES blobs(hash),
    checked_at TEXT NOT NULL,
    expected_frames INTEGER NOT NULL,
    decoded_frames INTEGER NOT NULL,
    errors INTEGER NOT NULL,
    first_errors TEXT NOT NULL,
    missing TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('ok', 'damaged'))
  );
  `,
  // Where each imported episode came from: the file's sha256 and the episode's place in the file
  // (`locator`: '' for the whole file, `episode_index=<n>` for one episode of a log), so a file can
  // hold several episodes and a re-import finds exactly the ones it made. Earlier imports were whole
  // files; where two episodes share a hash (imports that raced), the older one keeps the key.
  `
  CREATE TABLE episode_sources (
    hash TEXT NOT NULL,
    locator TEXT NOT NULL DEFAULT '',
    episode_id TEXT NOT NULL UNIQUE REFERENCES episodes(id) ON DELETE CASCADE,
    PRIMARY KEY (hash, locator)
  );
  INSERT OR IGNORE INTO episode_sources (hash, locator, episode_id)
    SELECT source_hash, '', id FROM episodes WHERE source_hash IS NOT NULL ORDER BY created_at, id;
  `,
  // DAgger runs: each iteration's aggregated data version, policy (a model) and evaluation, and the
  // labels given for the frames of episodes as label series: one row per labelled episode with its
  // values, a per-frame mask and per-frame classes as blobs (the observations stay in the episode's
  // own streams), who labelled it, when, and which policy version produced the states.
  `
  CREATE TABLE dagger_runs (
    id TEXT PRIMARY KEY,
    job_id TEXT REFERENCES jobs(id) ON DELETE SET NULL,
    env TEXT NOT NULL,
    dataset TEXT NOT NULL,
    config TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE TABLE dagger_iterations (
    run_id TEXT NOT NULL REFERENCES dagger_runs(id) ON DELETE CASCADE,
    iteration INTEGER NOT NULL,
    dataset_version INTEGER NOT NULL,
    beta REAL NOT NULL,
    model_id TEXT NOT NULL,
    labels INTEGER NOT NULL,
    new_labels INTEGER NOT NULL,
    visited_frames INTEGER NOT NULL,
    success_rate REAL NOT NULL,
    ci95 TEXT NOT NULL,
    score REAL NOT NULL,
    episode_ids TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    PRIMARY KEY (run_id, iteration)
  );
  CREATE TABLE label_series (
    id TEXT PRIMARY KEY,
    episode_id TEXT NOT NULL REFERENCES episodes(id) ON DELETE CASCADE,
    run_id TEXT REFERENCES dagger_runs(id) ON DELETE CASCADE,
    dataset_version INTEGER NOT NULL,
    labeler TEXT NOT NULL,
    actor TEXT NOT NULL,
    role TEXT,
    labelled_at TEXT NOT NULL,
    policy_version TEXT,
    columns TEXT NOT NULL,
    frames INTEGER NOT NULL,
    labelled INTEGER NOT NULL,
    values_blob TEXT NOT NULL REFERENCES blobs(hash),
    mask_blob TEXT NOT NULL REFERENCES blobs(hash),
    classes_blob TEXT NOT NULL REFERENCES blobs(hash)
  );
  CREATE INDEX label_series_by_run ON label_series(run_id, dataset_version);
  CREATE INDEX label_series_by_episode ON label_series(episode_id);
  `,
  // Demonstration quality: per-dataset weights and thresholds, each episode's signals with the hash
  // of the inputs they were computed from (a changed episode is stale), the dataset's last run, and
  // the curator's decision per episode (its tag is on the episode: kept, rejected or flagged).
  `
  CREATE TABLE quality_settings (
    dataset_id TEXT PRIMARY KEY REFERENCES datasets(id) ON DELETE CASCADE,
    settings TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE TABLE quality_signals (
    episode_id TEXT PRIMARY KEY REFERENCES episodes(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    input_hash TEXT NOT NULL,
    signals TEXT NOT NULL,
    computed_at TEXT NOT NULL
  );
  CREATE TABLE quality_runs (
    dataset_id TEXT PRIMARY KEY REFERENCES datasets(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    input_hash TEXT NOT NULL,
    learned_hash TEXT,
    computed_at TEXT NOT NULL
  );
  CREATE TABLE quality_decisions (
    episode_id TEXT PRIMARY KEY REFERENCES episodes(id) ON DELETE CASCADE,
    decision TEXT NOT NULL CHECK (decision IN ('keep', 'reject', 'review')),
    note TEXT NOT NULL DEFAULT '',
    decided_at TEXT NOT NULL
  );
  `,
  // Privacy redaction, keyed on the video blob and its frame indices so the parts of a recording
  // share its tracks and its review: detection runs, tracks with their per-frame boxes, a reviewer's
  // keyframes (a drawn track is held over `held_first`–`held_last`), whole-frame spans, the review's revision (bumped by every change; approved when the
  // approved revision is the current one), and redacted copies (new blobs; the original stays).
  `
  CREATE TABLE redact_runs (
    blob TEXT NOT NULL REFERENCES blobs(hash),
    detector TEXT NOT NULL,
    settings TEXT NOT NULL,
    frames INTEGER NOT NULL,
    finished_at TEXT NOT NULL,
    PRIMARY KEY (blob, detector)
  );
  CREATE TABLE redact_tracks (
    id TEXT PRIMARY KEY,
    blob TEXT NOT NULL REFERENCES blobs(hash),
    detector TEXT NOT NULL,
    origin TEXT NOT NULL CHECK (origin IN ('detected', 'manual')),
    decision TEXT NOT NULL DEFAULT 'pending' CHECK (decision IN ('pending', 'approved', 'rejected')),
    held_first INTEGER,
    held_last INTEGER,
    created_at TEXT NOT NULL
  );
  CREATE INDEX redact_tracks_by_blob ON redact_tracks(blob);
  CREATE TABLE redact_boxes (
    track_id TEXT NOT NULL REFERENCES redact_tracks(id) ON DELETE CASCADE,
    frame INTEGER NOT NULL,
    x INTEGER NOT NULL, y INTEGER NOT NULL, w INTEGER NOT NULL, h INTEGER NOT NULL,
    score REAL NOT NULL,
    source TEXT NOT NULL,
    PRIMARY KEY (track_id, frame)
  ) WITHOUT ROWID;
  CREATE TABLE redact_keyframes (
    track_id TEXT NOT NULL REFERENCES redact_tracks(id) ON DELETE CASCADE,
    frame INTEGER NOT NULL,
    x INTEGER NOT NULL, y INTEGER NOT NULL, w INTEGER NOT NULL, h INTEGER NOT NULL,
    PRIMARY KEY (track_id, frame)
  ) WITHOUT ROWID;
  CREATE TABLE redact_spans (
    id TEXT PRIMARY KEY,
    blob TEXT NOT NULL REFERENCES blobs(hash),
    first_frame INTEGER NOT NULL,
    last_frame INTEGER NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX redact_spans_by_blob ON redact_spans(blob);
  CREATE TABLE redact_reviews (
    blob TEXT PRIMARY KEY REFERENCES blobs(hash),
    revision INTEGER NOT NULL,
    approved_revision INTEGER,
    updated_at TEXT NOT NULL
  );
  CREATE TABLE redacted_versions (
    id TEXT PRIMARY KEY,
    source_blob TEXT NOT NULL REFERENCES blobs(hash),
    blob TEXT NOT NULL REFERENCES blobs(hash),
    poster_blob TEXT REFERENCES blobs(hash),
    revision INTEGER NOT NULL,
    settings TEXT NOT NULL,
    actor TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX redacted_versions_by_source ON redacted_versions(source_blob, created_at);
  `,
  // Frozen and black stretches of each video (ffmpeg's freezedetect and blackdetect), found by the
  // quality job once per video blob and settings; seconds of the file, JSON [[start, end|null], ...].
  `
  CREATE TABLE video_frame_faults (
    blob TEXT NOT NULL,
    settings TEXT NOT NULL,
    frozen TEXT NOT NULL,
    black TEXT NOT NULL,
    checked_at TEXT NOT NULL,
    PRIMARY KEY (blob, settings)
  );
  `,
];

export const SCHEMA_VERSION = migrations.length;
