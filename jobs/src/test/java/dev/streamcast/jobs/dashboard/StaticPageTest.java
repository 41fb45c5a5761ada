package dev.streamcast.jobs.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The static page embeds any JSON so that nothing in it can end its data element or run as markup. */
class StaticPageTest {
    @Test
    void escapesWhatCouldEndTheDataElementAndKeepsTheSameJson() throws Exception {
        String json = "{\"key\":\"</script><script>alert(1)</script><!-- & \u2028\u2029\"}";
        String html = StaticPage.html(json);
        String open = "<script type=\"application/json\" id=\"streamcast-data\">";
        int from = html.indexOf(open) + open.length();
        String embedded = html.substring(from, html.indexOf("</script>", from));
        assertThat(embedded).doesNotContain("<", ">", "&", "\u2028", "\u2029");
        assertThat(new ObjectMapper().readTree(embedded)).isEqualTo(new ObjectMapper().readTree(json));
        assertThat(html).doesNotContain("window.STREAMCAST_STATIC").doesNotContain("src=\"", "href=\"");
    }
}
