// Package seed fills a Plekwijzer database: with the built-in work-type
// catalogue, which every installation needs, and on request with realistic
// demo data for Groningen, which shows what the service is for before real
// data exists and gives the tests and screenshots something to work on.
//
// The demo tells the story of the raadsbrief: placements that used to be
// almost only packing and repacking (inpak- en ompakwerk) and that often
// ended in dropout for lack of variety, and a wider range of work at iederz
// departments and social enterprises in the last year. Everything is
// generated from a seed, so the same seed gives the same data, and dates
// are relative to a chosen day, so the demo always looks current.
//
// The demo is written only through the public store interface
// (plekwijzer.Store): every rule the service enforces — validation,
// references, capacity per day-part, status transitions — holds for demo
// data as it does for real data.
package seed
