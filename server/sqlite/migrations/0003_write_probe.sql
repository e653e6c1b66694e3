-- write_probe is written and emptied again by the readiness check while
-- writes are failing, to learn when they work again. It is always empty.
CREATE TABLE write_probe (
    body BLOB NOT NULL
);
