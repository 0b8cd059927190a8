package mockapi

// ForeignAPIKey is an API key of the first account not onboarded through the bootstrap
// account, for the mock's own tests of the account boundary.
func (s *Server) ForeignAPIKey() string { return s.foreignKey }
