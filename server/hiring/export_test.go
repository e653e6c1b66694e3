package hiring

// OnRescored makes s call f after each recomputation of a job's scores
// that succeeded; set it before Start.
func OnRescored(s *Service, f func(jobID string)) { s.rescore.rescored = f }
