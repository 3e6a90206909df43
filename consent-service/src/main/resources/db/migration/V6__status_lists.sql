-- Issue 14: W3C Bitstring Status List v1.0. Each list has 131,072 entries (the specification's
-- minimum, 16 KB); an index is reserved at random within the open list by a DID-authenticated
-- subject before it signs its consent, bound to that consent when it is submitted, and never given
-- to anyone else: an index reserved and never used stays unset for ever.
CREATE TABLE status_lists (
  list_id    integer PRIMARY KEY CHECK (list_id >= 1),
  purpose    text NOT NULL DEFAULT 'revocation' CHECK (purpose = 'revocation'),
  size       integer NOT NULL CHECK (size >= 131072 AND size % 8 = 0),
  reserved   integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (reserved >= 0 AND reserved <= size)
);

CREATE TABLE status_list_indexes (
  list_id     integer NOT NULL REFERENCES status_lists,
  idx         integer NOT NULL CHECK (idx >= 0),
  subject_did text NOT NULL,
  reserved_at timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL,
  consent_id  text UNIQUE,
  bound_at    timestamptz,
  PRIMARY KEY (list_id, idx)
);
-- The published list: the bound indexes of one list, joined to the read model's status.
CREATE INDEX status_list_indexes_bound ON status_list_indexes (list_id, consent_id)
  WHERE consent_id IS NOT NULL;

INSERT INTO status_lists (list_id, size) VALUES (1, 131072);
