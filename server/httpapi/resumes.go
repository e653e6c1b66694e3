package httpapi

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/hiregate/hiregate/server/hiring"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// maxResumeRequest is the body limit of the routes that take a file: the
// file's own limit (checked exactly by the service) plus room for the
// multipart framing and a cover letter.
const maxResumeRequest = hiregate.MaxResumeBytes + 1<<20

// dispositionName returns the filename of a Content-Disposition header
// ("" when there is none); a header that does not parse is a 400.
func dispositionName(header string) (string, error) {
	if header == "" {
		return "", nil
	}
	_, params, err := mime.ParseMediaType(header)
	if err != nil {
		return "", hiregate.Errorf(hiregate.EBADREQUEST, "Malformed Content-Disposition header")
	}
	return params["filename"], nil
}

func (h *handler) uploadResume(c *gin.Context) {
	name, err := dispositionName(c.GetHeader("Content-Disposition"))
	if err != nil {
		h.fail(c, err)
		return
	}
	data, err := io.ReadAll(c.Request.Body)
	if err != nil {
		h.fail(c, readErr(err))
		return
	}
	r, err := h.hiring.UploadResume(c.Request.Context(), principal(c), c.Param("id"),
		hiring.ResumeFile{Filename: name, ContentType: c.GetHeader("Content-Type"), Data: data})
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, r)
}

func (h *handler) downloadResume(c *gin.Context) {
	r, data, err := h.hiring.ResumeFile(c.Request.Context(), principal(c), c.Param("id"))
	if err != nil {
		h.fail(c, err)
		return
	}
	ct := r.ContentType
	if strings.HasPrefix(ct, "text/") {
		ct += "; charset=utf-8"
	}
	// attachment: a browser saves the file instead of rendering what a
	// candidate uploaded; nosniff (set for every response) stops it from
	// second-guessing the type.
	c.Header("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": r.Filename}))
	c.Header("Content-Length", strconv.Itoa(len(data)))
	c.Data(http.StatusOK, ct, data)
}

// applyMultipart reads POST /jobs/{id}/applications as multipart/form-data:
// an optional cover_letter field and a required resume file part. Any other
// part is a 422, as an unknown JSON field is.
func (h *handler) applyMultipart(c *gin.Context) {
	mr, err := c.Request.MultipartReader()
	if err != nil {
		h.fail(c, hiregate.Errorf(hiregate.EBADREQUEST, "Malformed multipart body"))
		return
	}
	var cover string
	var file *hiring.ResumeFile
	seen := map[string]bool{}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			h.fail(c, multipartErr(err))
			return
		}
		name := part.FormName()
		if !hiregate.ValidText(name) {
			h.fail(c, hiregate.Errorf(hiregate.EBADREQUEST, "Multipart field names %s", hiregate.TextProblem))
			return
		}
		if seen[name] {
			h.fail(c, hiregate.ValidationError(map[string]string{name: "given twice"}))
			return
		}
		seen[name] = true
		switch name {
		case "cover_letter":
			b, err := io.ReadAll(io.LimitReader(part, 4*hiregate.MaxCoverLetterLen+1))
			if err != nil {
				h.fail(c, multipartErr(err))
				return
			}
			cover = string(b)
			if !hiregate.ValidText(cover) {
				h.fail(c, hiregate.ValidationError(map[string]string{name: hiregate.TextProblem}))
				return
			}
		case "resume":
			// One byte over the limit is enough for the service to say 413.
			b, err := io.ReadAll(io.LimitReader(part, hiregate.MaxResumeBytes+1))
			if err != nil {
				h.fail(c, multipartErr(err))
				return
			}
			file = &hiring.ResumeFile{Filename: part.FileName(), ContentType: part.Header.Get("Content-Type"), Data: b}
		default:
			h.fail(c, hiregate.ValidationError(map[string]string{name: "unknown field"}))
			return
		}
	}
	if file == nil {
		h.fail(c, hiregate.ValidationError(map[string]string{"resume": "required: the file part"}))
		return
	}
	a, err := h.hiring.ApplyWithResume(c.Request.Context(), principal(c), c.Param("id"), cover, *file)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.Header("Location", "/applications/"+a.ID)
	c.JSON(http.StatusCreated, a)
}

func multipartErr(err error) error {
	if e := readErr(err); hiregate.ErrorCode(e) == hiregate.ETOOLARGE {
		return e
	}
	return hiregate.Errorf(hiregate.EBADREQUEST, "Malformed multipart body")
}

// isMultipart reports whether the request carries a multipart form.
func isMultipart(c *gin.Context) bool {
	mt, _, err := mime.ParseMediaType(c.GetHeader("Content-Type"))
	return err == nil && mt == "multipart/form-data"
}
