module paysign.dev/go

go 1.21
