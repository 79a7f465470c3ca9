module example.com/app

go 1.16

require (
	github.com/a/b v1.2.3
	github.com/c/d v0.1.0 // indirect
)
replace github.com/a/b => github.com/f/b v1.2.4
replace github.com/c/d v0.1.0 => ../d
