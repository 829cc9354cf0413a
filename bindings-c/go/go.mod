module example.invalid/paysign/bindings-c/go

go 1.21
