package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/gin-gonic/gin"

	"portfolio/province"
	"portfolio/static"
)

// The cities' map is the province file ECharts 4.9.0 shipped in its npm
// package (map/json/province/jiangxi.json), vendored verbatim under
// static/vendor/echarts-map with its licence. That file is in ECharts'
// compressed encoding (UTF8Encoding: every ring a string of zigzag
// deltas); decodeGeo turns it into plain GeoJSON once, at start.
const geoVendored = "vendor/echarts-map/jiangxi.json"

// encodedGeo is the vendored file as it is.
type encodedGeo struct {
	Type         string           `json:"type"`
	UTF8Encoding bool             `json:"UTF8Encoding"`
	UTF8Scale    float64          `json:"UTF8Scale"`
	Features     []encodedFeature `json:"features"`
}

type encodedFeature struct {
	ID         string `json:"id"`
	Properties struct {
		Name string     `json:"name"`
		CP   [2]float64 `json:"cp"`
	} `json:"properties"`
	Geometry struct {
		Type          string          `json:"type"`
		Coordinates   json.RawMessage `json:"coordinates"`
		EncodeOffsets json.RawMessage `json:"encodeOffsets"`
	} `json:"geometry"`
}

// geoCollection is what GET /api/v1/geo/jiangxi.json answers: a GeoJSON
// FeatureCollection, one feature a city, named as the city.
type geoCollection struct {
	Type     string       `json:"type"`
	Features []geoFeature `json:"features"`
}

type geoFeature struct {
	Type       string        `json:"type"`
	ID         string        `json:"id"`
	Properties geoProperties `json:"properties"`
	Geometry   geoGeometry   `json:"geometry"`
}

type geoProperties struct {
	Name string `json:"name"`
	// Center is where the city's label goes ([lon, lat]).
	Center [2]float64 `json:"center"`
}

// geoGeometry is a Polygon (rings) or a MultiPolygon (polygons of rings).
type geoGeometry struct {
	Type        string `json:"type"`
	Coordinates any    `json:"coordinates"`
}

type ring = [][2]float64

// loadGeo reads and decodes the vendored map and checks that it holds the
// province's 11 cities, each once; the answer is gzipped once, here.
func loadGeo() (*asset, error) {
	raw, err := static.FS.ReadFile(geoVendored)
	if err != nil {
		return nil, fmt.Errorf("api: geo: %w", err)
	}
	g, err := decodeGeo(raw)
	if err != nil {
		return nil, fmt.Errorf("api: geo %s: %w", geoVendored, err)
	}
	var names []string
	for _, f := range g.Features {
		names = append(names, f.Properties.Name)
	}
	slices.Sort(names)
	want := province.Cities()
	slices.Sort(want)
	if !slices.Equal(names, want) {
		return nil, fmt.Errorf("api: geo %s: cities %v, want %v", geoVendored, names, want)
	}
	body, err := json.Marshal(g)
	if err != nil {
		return nil, err
	}
	return newAsset(body, "application/json; charset=utf-8")
}

// decodeGeo turns ECharts' encoded map JSON into plain GeoJSON (a file
// not encoded passes through with its coordinates as they are).
func decodeGeo(raw []byte) (*geoCollection, error) {
	var in encodedGeo
	if err := json.Unmarshal(raw, &in); err != nil {
		return nil, err
	}
	scale := in.UTF8Scale
	if scale == 0 {
		scale = 1024
	}
	out := &geoCollection{Type: "FeatureCollection", Features: make([]geoFeature, 0, len(in.Features))}
	for _, f := range in.Features {
		coords, err := decodeGeometry(f.Geometry.Type, f.Geometry.Coordinates, f.Geometry.EncodeOffsets, in.UTF8Encoding, scale)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.Properties.Name, err)
		}
		out.Features = append(out.Features, geoFeature{Type: "Feature", ID: f.ID,
			Properties: geoProperties{Name: f.Properties.Name, Center: f.Properties.CP},
			Geometry:   geoGeometry{Type: f.Geometry.Type, Coordinates: coords}})
	}
	return out, nil
}

// decodeGeometry decodes one Polygon's or MultiPolygon's coordinates.
func decodeGeometry(kind string, coords, offsets json.RawMessage, encoded bool, scale float64) (any, error) {
	if !encoded {
		var plain any
		return plain, json.Unmarshal(coords, &plain)
	}
	switch kind {
	case "Polygon":
		var rings []string
		var offs [][2]int
		if err := unmarshalBoth(coords, &rings, offsets, &offs); err != nil {
			return nil, err
		}
		return decodeRings(rings, offs, scale)
	case "MultiPolygon":
		var polys [][]string
		var offs [][][2]int
		if err := unmarshalBoth(coords, &polys, offsets, &offs); err != nil {
			return nil, err
		}
		if len(offs) != len(polys) {
			return nil, errors.New("encodeOffsets do not match the polygons")
		}
		out := make([][]ring, len(polys))
		for i, p := range polys {
			rs, err := decodeRings(p, offs[i], scale)
			if err != nil {
				return nil, err
			}
			out[i] = rs
		}
		return out, nil
	}
	return nil, fmt.Errorf("geometry %q is neither Polygon nor MultiPolygon", kind)
}

func unmarshalBoth(a json.RawMessage, va any, b json.RawMessage, vb any) error {
	if err := json.Unmarshal(a, va); err != nil {
		return err
	}
	return json.Unmarshal(b, vb)
}

func decodeRings(rings []string, offs [][2]int, scale float64) ([]ring, error) {
	if len(offs) != len(rings) {
		return nil, errors.New("encodeOffsets do not match the rings")
	}
	out := make([]ring, len(rings))
	for i, r := range rings {
		out[i] = decodeRing(r, offs[i], scale)
	}
	return out, nil
}

// decodeRing is ECharts' decodePolygon: each point two characters, each
// the zigzag-coded delta from the previous point plus 64, in units of
// 1/scale degree. ECharts reads UTF-16 code units; Go's runes are the
// same here, every character being below U+10000.
func decodeRing(s string, off [2]int, scale float64) ring {
	chars := []rune(s)
	out := make(ring, 0, len(chars)/2)
	x, y := off[0], off[1]
	for i := 0; i+1 < len(chars); i += 2 {
		dx, dy := int(chars[i])-64, int(chars[i+1])-64
		x += (dx >> 1) ^ -(dx & 1)
		y += (dy >> 1) ^ -(dy & 1)
		out = append(out, [2]float64{float64(x) / scale, float64(y) / scale})
	}
	return out
}

// geoJSON is GET /api/v1/geo/jiangxi.json: the cities' map, the same
// for every user and every state of the data, so browsers keep it a day.
func (s *server) geoJSON(c *gin.Context) {
	s.geo.write(c, "private, max-age=86400")
}
