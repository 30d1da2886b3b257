package api

import "github.com/gin-gonic/gin"

// RouteTable is the route table of the engine New builds, for the tests
// in package api_test that hold the OpenAPI document to it.
func RouteTable(cfg Config) (gin.RoutesInfo, error) {
	r, err := newRouter(cfg)
	if err != nil {
		return nil, err
	}
	return r.Routes(), nil
}
