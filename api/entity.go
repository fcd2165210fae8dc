package api

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"
)

// entity is the plain read, create, change and delete of an entity the
// beheerder keeps without object-level rules (work types, contingents):
// the same bind, validate, call, encode for each.
type entity[T any, U any, PT interface {
	*T
	Apply(U)
	Validate() error
}] struct {
	path    string // the collection under /api/v1, e.g. "/contingenten"
	fresh   func() PT
	meta    func(PT) (id string, version int)
	get     func(ctx context.Context, id string) (PT, error)
	create  func(ctx context.Context, v PT) error
	update  func(ctx context.Context, id string, u U, version int) (PT, error)
	destroy func(ctx context.Context, id string) error
}

func (en entity[T, U, PT]) getOne(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	v, err := en.get(c.Request().Context(), id)
	if err != nil {
		return err
	}
	_, version := en.meta(v)
	return writeEntity(c, http.StatusOK, version, v)
}

func (en entity[T, U, PT]) createOne(c echo.Context) error {
	var in U
	bad, err := bindNew(c, &in)
	if err != nil {
		return err
	}
	v := en.fresh()
	v.Apply(in)
	if bad != nil {
		return alsoInvalid(bad, v.Validate())
	}
	if err := en.create(c.Request().Context(), v); err != nil {
		return err
	}
	id, version := en.meta(v)
	return created(c, en.path+"/"+id, version, v)
}

func (en entity[T, U, PT]) updateOne(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	version, err := ifMatch(c)
	if err != nil {
		return err
	}
	var in U
	bad, err := bindNew(c, &in)
	if err != nil {
		return err
	}
	if bad != nil {
		cur, err := en.get(c.Request().Context(), id)
		if err != nil {
			return err
		}
		cur.Apply(in)
		return alsoInvalid(bad, cur.Validate())
	}
	v, err := en.update(c.Request().Context(), id, in, version)
	if err != nil {
		return err
	}
	_, version = en.meta(v)
	return writeEntity(c, http.StatusOK, version, v)
}

func (en entity[T, U, PT]) deleteOne(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if err := en.destroy(c.Request().Context(), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
