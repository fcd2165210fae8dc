package web

import "github.com/labstack/echo/v4"

func (a *App) mountTransfer(e *echo.Echo) {}
