// Package monitor is candor's round as one pure pipeline: judge the
// results (a blind monitor, announced maintenance), record them, derive the
// evidence (streaks, flapping), reconcile incidents with it, and return
// typed events that notifiers and the step summary consume. It reads and
// writes only through a Store, which the working directory and a
// repository through the GitHub API both implement, so a round runs the
// same way locally and in Actions.
package monitor
