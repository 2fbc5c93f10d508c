package dev.imlab.server.web;

import dev.imlab.server.support.TestServer;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** What a person does on the chat page, and what they see, by the page's stable ids and data attributes. */
record ChatPage(WebDriver driver) {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    ChatPage login(String userId, String deviceId) {
        type("userId", userId);
        type("password", TestServer.password());
        type("deviceId", deviceId);
        driver.findElement(By.id("login")).click();
        awaitConnection("online");
        return this;
    }

    void openChat(String peer) {
        type("peer", peer);
        driver.findElement(By.id("openChat")).click();
        await().until(ExpectedConditions.elementToBeClickable(By.id("send")));
    }

    void openGroup(String groupId) {
        type("groupId", groupId);
        driver.findElement(By.id("openGroup")).click();
        await().until(ExpectedConditions.elementToBeClickable(By.id("send")));
    }

    /** Clicks the conversation in the list, as a person opens one they were told about by its badge. */
    void openConversation(String conversationId) {
        await().until(d -> {
            d.findElement(conversationLocator(conversationId)).click();
            return true;
        });
        await().until(ExpectedConditions.attributeContains(conversationLocator(conversationId), "class", "active"));
    }

    void send(String text) {
        type("messageInput", text);
        driver.findElement(By.id("send")).click();
    }

    /** Clicks "recall" on the open conversation's message with this body (looked up again if redrawn meanwhile). */
    void recall(String body) {
        By button = By.xpath(messageXpath(body) + "//button[@data-testid='recall']");
        await().until(d -> {
            d.findElement(button).click();
            return true;
        });
    }

    /** Reloads the page, as a person presses F5, and logs in again as the same user and device. */
    ChatPage reload(String userId, String deviceId) {
        driver.navigate().refresh();
        awaitConnection("offline");
        return login(userId, deviceId);
    }

    /** Waits for the message with this body to show this seq and state; returns it. */
    WebElement awaitMessage(String body, int seq, String state) {
        By message = By.xpath("//li[contains(@class,'message')][@data-seq='" + seq + "'][@data-state='" + state
                + "'][div[@class='body'][.='" + body + "']]");
        return await().until(ExpectedConditions.visibilityOfElementLocated(message));
    }

    /** Waits for the user's own message with this body to be marked read by the peer. */
    WebElement awaitRead(String body) {
        By read = By.xpath(messageXpath(body) + "[@data-read='true'][.//span[@class='read'][.='read']]");
        return await().until(ExpectedConditions.visibilityOfElementLocated(read));
    }

    /** Waits for the message at this seq to render as recalled; returns it. */
    WebElement awaitRecalled(int seq) {
        By recalled = By.xpath("//li[contains(@class,'message')][@data-seq='" + seq + "'][@data-recalled='true']"
                + "[div[@class='body'][.='message recalled']]");
        return await().until(ExpectedConditions.visibilityOfElementLocated(recalled));
    }

    /** Waits for the conversation's badge to show {@code count}; 0 waits for the badge to be gone. */
    void awaitUnread(String conversationId, int count) {
        String expected = String.valueOf(count);
        await().until(d -> {
            WebElement item = d.findElement(conversationLocator(conversationId));
            List<WebElement> badge = item.findElements(By.cssSelector("[data-testid='unread']"));
            return expected.equals(item.getAttribute("data-unread"))
                    && expected.equals(badge.isEmpty() ? "0" : badge.get(0).getText());
        });
    }

    /** The "older messages expired" lines on screen (0 or 1). */
    int expiredNotices() {
        return driver.findElements(By.cssSelector("#messages [data-testid='expired']")).size();
    }

    /**
     * Waits for the "older messages expired" line at the top of the open conversation; returns its text and
     * tooltip, read together (the page redraws the list on every frame, so a returned element could go stale).
     */
    ExpiredNotice awaitExpiredNotice() {
        By notice = By.cssSelector("#messages > li:first-child[data-testid='expired']");
        return await().until(d -> {
            WebElement li = d.findElement(notice);
            return li.isDisplayed() ? new ExpiredNotice(li.getText(), li.getAttribute("title")) : null;
        });
    }

    record ExpiredNotice(String text, String title) {
    }

    void awaitNotice(String text) {
        await().until(ExpectedConditions.textToBe(By.id("notice"), text));
    }

    void awaitNoticeContaining(String text) {
        await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), text));
    }

    void awaitConnection(String state) {
        await().until(ExpectedConditions.attributeToBe(By.id("connection"), "data-state", state));
    }

    String stateTooltip(String body) {
        return await().until(d -> d.findElement(By.xpath(messageXpath(body) + "//span[@class='state']"))
                .getAttribute("title"));
    }

    /** The bodies of the open conversation's messages, read in one script: the page may redraw between two reads. */
    @SuppressWarnings("unchecked")
    List<String> bodies() {
        return (List<String>) ((JavascriptExecutor) driver).executeScript(
                "return [...document.querySelectorAll('#messages .message .body')].map(b => b.innerText);");
    }

    /** The recall buttons on screen, one per message the page offers to recall. */
    int recallButtons() {
        return driver.findElements(By.cssSelector("#messages [data-testid='recall']")).size();
    }

    List<String> frameTypes(String direction) {
        return driver.findElements(By.cssSelector("#inspector .frame[data-dir='" + direction + "']")).stream()
                .map(f -> f.getAttribute("data-type")).toList();
    }

    /** The frames of this direction and type the inspector shows, as the JSON objects they were. */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> frames(String direction, String type) {
        return (List<Map<String, Object>>) ((JavascriptExecutor) driver).executeScript(
                "return [...document.querySelectorAll(\"#frames .frame[data-dir='\" + arguments[0] + \"']"
                        + "[data-type='\" + arguments[1] + \"'] pre\")].map(p => JSON.parse(p.textContent));",
                direction, type);
    }

    Object script(String js) {
        return ((JavascriptExecutor) driver).executeScript(js);
    }

    void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void close() {
        driver.quit();
    }

    WebDriverWait await() {
        return await(driver);
    }

    /**
     * Waits up to 20 s, looking every 100 ms (Selenium's 500 ms default adds up to seconds over a test of
     * many steps); the pages redraw their lists on every frame, so an element gone stale is looked up again.
     */
    static WebDriverWait await(WebDriver driver) {
        WebDriverWait wait = new WebDriverWait(driver, WAIT, POLL);
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    private static By conversationLocator(String conversationId) {
        return By.cssSelector("#conversations li[data-conversation-id='" + conversationId + "']");
    }

    private static String messageXpath(String body) {
        return "//li[contains(@class,'message')][div[@class='body'][.='" + body + "']]";
    }

    private void type(String id, String text) {
        WebElement input = driver.findElement(By.id(id));
        input.clear();
        input.sendKeys(text);
    }
}
