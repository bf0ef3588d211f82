// Package candor holds the domain types that every other package of candor
// speaks in: components and their probe settings, check results and outcomes,
// incidents, maintenance windows and the figures measured over time.
//
// It imports nothing else of the module.
package candor
