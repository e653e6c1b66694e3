module github.com/hiregate/hiregate/shared

go 1.26.0
