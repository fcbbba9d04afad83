"""Hands-on exercises: the student's workspace, checking a file in a separate process, the feedback.

The exercises themselves are course content (`tutor.content.exercises`); their references are
functions of `tutor.sim`. `checker` runs a check, `runner` is the checking process, `feedback`
says what was found, `workspace` holds the student's files, `session` ties them to the records
(kept by the progress store: `tutor.progress.api.ExerciseRecords`), `watch` is watch mode and
`desk` what the tutor's screens need.
"""
