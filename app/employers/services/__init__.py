"""Operations of the employers area: they change state, flush and log, and raise `Refused`
(with a `vocab.Refusal` code) when a rule says no; the route commits."""
